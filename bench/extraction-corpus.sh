#!/usr/bin/env bash
# Extracts the pdf.js test PDFs that docs/extraction-quality.md measures on (besides the shared born-digital set and
# testdata/pdfs) into a folder, with a manifest.tsv in the shared test data's format, so the figures can be reproduced.
# None of these files is committed: they are test fixtures from pdf.js bug reports (Apache-2.0 repository licence,
# each document's own copyright not stated) and serve as measuring inputs only.
#
# usage: bench/extraction-corpus.sh PDFJS_REPO OUT_DIR
#   PDFJS_REPO  a clone of github.com/mozilla/pdf.js (bare or not) that contains commit $commit
#   OUT_DIR     where the PDFs and manifest.tsv go (created; outside the repository, e.g. ../extraction-corpus)
set -euo pipefail
if [ $# -ne 2 ]; then sed -n '2,10p' "$0"; exit 2; fi
repo=$1
out=$2
commit=0f26334f9d6f96119f6e5164fb65832fbbde7344
licence="Apache-2.0 (repository licence; test fixture collected from bug reports, original document copyright not stated)"

# file<TAB>kind<TAB>what it exercises
files=$(cat <<'LIST'
tracemonkey_a11y.pdf	born-digital	two-column paper, title and authors above the columns; some lines drawn without space glyphs
bug1997343.pdf	born-digital	LaTeX two-column example (tagged), title/abstract then columns; pdftotext's order is wrong here
issue13201.pdf	born-digital	single-column paper (Bitcoin whitepaper, page 1)
issue6132.pdf	born-digital	paper title page with affiliations and footnote marks
issue918.pdf	born-digital	pdfTeX essay, justified prose
issue13447.pdf	born-digital	lorem ipsum prose, pdftk/iText
pdfjs_wikipedia.pdf	born-digital	web page printed by Chrome (Skia)
file_pdfjs_test.pdf	born-digital	5 pages of prose from a web page, Ghostscript
bug1873345.pdf	born-digital	standard text with notes, Ghostscript
bug1019475_1.pdf	born-digital	Ecma standard page with bullets
issue11913.pdf	born-digital	court judgment, headings and prose
issue17730.pdf	born-digital	Antenna House formatter, 2 pages
bug1868759.pdf	born-digital	French web page printed by Firefox (cairo), accents
canvas.pdf	born-digital	two-page cheat sheet, table layout
issue8702.pdf	born-digital	words drawn without any space glyph (TEST TEST ...)
issue11656.pdf	born-digital	Hebrew text layer (right-to-left), mixed with digits
ArabicCIDTrueType.pdf	born-digital	Arabic text layer, CID TrueType, presentation forms
ThuluthFeatures.pdf	born-digital	Arabic calligraphic font features, some Hebrew
issue15340.pdf	born-digital	Japanese, CID Type 0C (PingFang), five lines
issue16063.pdf	born-digital	Japanese technical text with full-width letters
issue6387.pdf	born-digital	Japanese line repeated with different kerning and character spacing
issue12823.pdf	born-digital	Chinese template page with emoji
javauninstall-7r.pdf	born-digital	Japanese instructions mixed with Latin words
issue17492.pdf	born-digital	filled AcroForm: text fields, choice fields, check boxes, radio buttons
annotation-text-widget.pdf	born-digital	AcroForm text widgets with values
annotation-choice-widget.pdf	born-digital	AcroForm choice widgets (list and combo boxes)
annotation-button-widget.pdf	born-digital	AcroForm check boxes and radio buttons
freetexts.pdf	born-digital	only free-text annotations, no text in the page content
issue6931_reduced.pdf	mixed	short real text layer (a line and a footer) plus a logo image
issue5747.pdf	mixed	scanned page (2480x1748) under an invisible OCR text layer made by the scanner
LIST
)

mkdir -p "$out"
manifest="$out/manifest.tsv"
printf 'file\tkind\tpages\tsource_repo\tlicence\tsource_path\tpassword\tnotes\n' > "$manifest"
while IFS=$'\t' read -r file kind notes; do
  git -C "$repo" show "$commit:test/pdfs/$file" > "$out/$file"
  pages=$(pdfinfo "$out/$file" 2>/dev/null | awk '/^Pages:/ {print $2}')
  printf '%s\t%s\t%s\tmozilla/pdf.js\t%s\ttest/pdfs/%s\t\t%s\n' "$file" "$kind" "$pages" "$licence" "$file" "$notes" >> "$manifest"
done <<< "$files"
echo "$(($(wc -l < "$manifest") - 1)) PDFs from pdf.js $commit in $out" >&2
