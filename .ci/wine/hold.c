/*
 * hold.exe PATH RELEASE — for .ci/windows: opens the file or folder PATH the way Excel
 * holds a workbook or a terminal holds its current folder, sharing nothing with other
 * programs, prints "held", and keeps it open until the file RELEASE exists. Never
 * shipped.
 */
#include <windows.h>
#include <stdio.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc != 3) {
        fputs("usage: hold PATH RELEASE\n", stderr);
        return 2;
    }
    /* FILE_FLAG_BACKUP_SEMANTICS lets a folder be opened too. */
    HANDLE held = CreateFileW(argv[1], GENERIC_READ, 0, NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    if (held == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "hold: cannot open %ls: error %lu\n", argv[1], GetLastError());
        return 1;
    }
    puts("held");
    fflush(stdout);
    while (GetFileAttributesW(argv[2]) == INVALID_FILE_ATTRIBUTES)
        Sleep(50);
    CloseHandle(held);
    return 0;
}
