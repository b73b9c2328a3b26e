#!/usr/bin/env bash
# Benchmarks docassist against the tools people would otherwise use (tesseract, ocrmypdf, pdftotext) on this machine,
# with the same inputs in the same run, prints the table and rewrites the results section of docs/benchmarks.md.
#
# usage: bench/run.sh [--smoke] [SHARED_TESTDATA]
#   --smoke           a handful of inputs (seconds, not minutes): checks the harness works; the docs are not rewritten
#   SHARED_TESTDATA   the shared test data folder (default: ../shared/testdata beside the repository)
# Environment: BENCH_WORK (scratch folder for generated inputs, default $TMPDIR/docassist-bench), BENCH_REPEAT (default 2),
#              BENCH_ONLY (e.g. "ocr,ask"), BENCH_MICRO=0 to skip the BenchmarkDotNet micro-benchmarks.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
smoke=0
testdata=""
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    -*) echo "bench/run.sh: unknown option $arg" >&2; exit 2 ;;
    *) testdata=$arg ;;
  esac
done
testdata=$(cd "${testdata:-$root/../shared/testdata}" && pwd)

# shellcheck source=../.ci/install-deps.sh
. "$root/.ci/install-deps.sh"
DOCASSIST_EXTRA_PACKAGES="ocrmypdf poppler-utils tesseract-ocr qpdf time unpaper img2pdf ${DOCASSIST_EXTRA_PACKAGES:-}" docassist_install_deps
docassist_env
cd "$root"

echo "bench: building docassist (Release, as ./docassist runs it) and the harness..." >&2
./docassist --version >/dev/null
cli="$root/.build/cli/docassist"
dotnet build bench/DocAssist.Bench/DocAssist.Bench.csproj -c Release -nologo -v quiet >/dev/null

work=${BENCH_WORK:-${TMPDIR:-/tmp}/docassist-bench}
mkdir -p "$work"
args=(--cli "$cli" --testdata "$testdata" --work "$work")
micro="$work/micro"
rm -rf "$micro"
if [ "$smoke" = 1 ]; then
  args+=(--smoke --repeat 1 --command "bench/run.sh --smoke")
  micro_args=(--job dry --inProcess)
else
  args+=(--repeat "${BENCH_REPEAT:-2}" --doc "$root/docs/benchmarks.md" --command "bench/run.sh")
  micro_args=(--job short)
fi
[ -n "${BENCH_ONLY:-}" ] && args+=(--only "$BENCH_ONLY")

if [ "${BENCH_MICRO:-1}" != 0 ]; then
  echo "bench: BenchmarkDotNet micro-benchmarks..." >&2
  DOCASSIST_BENCH_TESTDATA="$testdata" dotnet run -c Release --project bench/DocAssist.Benchmarks -- --filter '*' "${micro_args[@]}" \
    --artifacts "$micro" >"$work/micro.log" 2>&1 \
    || { tail -n 30 "$work/micro.log" >&2; exit 1; }
  args+=(--micro "$micro")
fi

exec dotnet bench/DocAssist.Bench/bin/Release/net10.0/DocAssist.Bench.dll "${args[@]}"
