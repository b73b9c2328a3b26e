#!/usr/bin/env bash
# Installs the native parts DocAssist needs from Debian's packages, only where they are missing.
# Sourced by ./docassist and ./run-tests; safe to run again.
#   libtesseract5      the OCR engine, called in-process through its C API
#   tesseract-ocr      the command line, for benchmarks and `docassist doctor` comparisons
#   poppler-utils      pdftoppm, to rasterize PDF pages whose images cannot be decoded (JBIG2, vector-only)
#   fontconfig-config  /etc/fonts/fonts.conf, which ImageMagick reads at start-up
docassist_install_deps() {
  local wanted=(libtesseract5 tesseract-ocr poppler-utils fontconfig-config)
  if [ -n "${DOCASSIST_EXTRA_PACKAGES:-}" ]; then
    read -r -a extra <<<"$DOCASSIST_EXTRA_PACKAGES"
    wanted+=("${extra[@]}")
  fi
  local missing=()
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "docassist: installing ${missing[*]} from Debian's packages (once)..." >&2
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
      echo "docassist: please run as root: apt-get install -y ${missing[*]}" >&2; return 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/docassist-apt.log 2>&1; then
    "${sudo[@]}" apt-get update -q >/tmp/docassist-apt.log 2>&1 || true
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >>/tmp/docassist-apt.log 2>&1 || {
      echo "docassist: apt-get install failed; see /tmp/docassist-apt.log" >&2; tail -n 20 /tmp/docassist-apt.log >&2; return 1; }
  fi
}

docassist_env() {
  export OMP_THREAD_LIMIT=1
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
  [ -f /etc/fonts/fonts.conf ] && export FONTCONFIG_FILE=/etc/fonts/fonts.conf
  return 0
}
