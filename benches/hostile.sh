#!/usr/bin/env bash
# Hostile workbooks (issue 19 item 9): what refusing each costs `duban
# ingest`. Builds the files of tests/xlsx/xlsx_hostile.rs with Python's
# zipfile, runs each under /usr/bin/time and prints a markdown table of the
# exit code, wall time and peak RSS (BENCHMARKS.md, "Hostile workbooks").
#
#   benches/hostile.sh                 # the debug binary (cargo build)
#   DUBAN=target/release/duban benches/hostile.sh
set -euo pipefail
cd "$(dirname "$0")/.."

target=${CARGO_TARGET_DIR:-target}
duban=${DUBAN:-$target/debug/duban}
out="$target/hostile"
rm -rf "$out" && mkdir -p "$out"
[ -x "$duban" ] || cargo build --quiet --bin duban

python3 - "$out" <<'EOF'
import sys, zipfile
out = sys.argv[1]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')

def t(r, s):
    return f'<c r="{r}" t="inlineStr"><is><t>{s}</t></is></c>'

def book(name, sheet_parts, sst='<sst xmlns="%s" count="0" uniqueCount="0"></sst>' % MAIN):
    with zipfile.ZipFile(f"{out}/{name}", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets><sheet name="税务局" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        z.writestr("xl/sharedStrings.xml", sst)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=False) as w:
            for p in sheet_parts():
                w.write(p.encode())

head = f'<row r="1">{t("A1","措施编号")}{t("B1","部门编号")}{t("C1","状态")}</row>'
def sheet(dim, rows):
    def parts():
        yield f'<worksheet xmlns="{MAIN}">{dim}<sheetData>{head}'
        yield from rows()
        yield '</sheetData></worksheet>'
    return parts

book("a1-xfd.xlsx", sheet('<dimension ref="A1:XFD1048576"/>', lambda: [f'<row r="1048576">{t("XFD1048576","x")}</row>']))
book("row-4294967295.xlsx", sheet("", lambda: [f'<row r="4294967295">{t("A4294967295","x")}</row>']))
book("dx1048576.xlsx", sheet("", lambda: [f'<row r="1048576">{t("DX1048576","x")}</row>']))
book("uniquecount.xlsx", sheet("", lambda: ['<row r="2"><c r="A2" t="s"><v>0</v></c></row>']),
     sst=f'<sst xmlns="{MAIN}" count="1" uniqueCount="4000000000"><si><t>1.1</t></si></sst>')
def spaces():
    yield '<row r="2"><c r="A2" t="inlineStr"><is><t>'
    block = " " * (1 << 20)
    for _ in range(2000):
        yield block
    yield '</t></is></c></row>'
book("whitespace-2gb.xlsx", sheet("", spaces))
book("million-rows.xlsx", sheet("", lambda: (f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, 1_000_002))))
with zipfile.ZipFile(f"{out}/repeated.ods", "w") as z:
    z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    z.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    z.writestr("content.xml", '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="t"><table:table-row table:number-rows-repeated="1048576"><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>')
EOF

echo "| file | size | exit | wall (s) | peak RSS (MB) |"
echo "|---|---:|---:|---:|---:|"
for f in "$out"/*.xlsx "$out"/*.ods; do
    s=$(date +%s%N)
    code=0
    /usr/bin/time -f '%M' -o "$out/time.txt" "$duban" --data "$out/data" \
        ingest "$f" --coordinator 王主任 >/dev/null 2>"$out/err.txt" || code=$?
    e=$(date +%s%N)
    kb=$(tail -n 1 "$out/time.txt")
    printf '| %s | %s | %s | %.3f | %.1f |\n' "$(basename "$f")" \
        "$(du -h "$f" | cut -f1)" "$code" "$(echo "($e - $s) / 1000000000" | bc -l)" \
        "$(echo "$kb / 1024" | bc -l)"
done
