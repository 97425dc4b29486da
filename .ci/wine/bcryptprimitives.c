/*
 * A stand-in for Windows' bcryptprimitives.dll, for running zaitaku.exe under wine 8
 * in CI (.ci/windows). Rust's std (1.78 and later) takes its random numbers (HashMap
 * seeds) from ProcessPrng in this DLL, which Windows 10 and 11 have and wine 8 lacks:
 * without it no Rust program starts. ProcessPrng is passed on to RtlGenRandom
 * (SystemFunction036 in advapi32), which wine has. Never shipped; Windows has the real
 * DLL.
 */
#include <windows.h>

/* RtlGenRandom; declared here because <ntsecapi.h> only offers it through a macro. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

/* Windows documents ProcessPrng as always returning TRUE; callers do not check. */
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
