# Sourced by the build-*.sh scripts here, which build binaries from upstream
# sources through the Go module proxy and cache them by version: one way to
# name the script in its messages, to find a cache complete (a second run only
# checks and builds nothing, so tests may call these scripts every time), to
# need Go only when something is missing, and to keep a scratch directory.
# Defines log, have_all, use_cache_or_prepare, scratch_dir and report_built;
# scratch_dir sets `work`.

# log MESSAGE... — on stderr, as the script's name; stdout carries only the bin
# directory, which callers take from the last line.
log() { echo "$(basename "$0" .sh): $*" >&2; }

# have_all DIR NAME... — true when DIR holds every NAME as an executable.
have_all() {
  local dir=$1 name; shift
  for name in "$@"; do [ -x "$dir/$name" ] || return 1; done
}

# use_cache_or_prepare DIR NAME... — when the cache DIR is complete, says so,
# prints DIR and ends the script (exit 0); otherwise makes sure Go is here
# (exit 2 if not) and creates DIR to build into.
use_cache_or_prepare() {
  local dir=$1; shift
  if have_all "$dir" "$@"; then log "cached in $dir"; echo "$dir"; exit 0; fi
  command -v go >/dev/null || { log "Go is needed: https://go.dev/doc/install (a current release; Debian 12's golang, 1.19, is too old for these modules)"; exit 2; }
  mkdir -p "$dir"
}

# scratch_dir NAME — sets `work` to a new directory under /tmp, removed when the
# script exits. Files unpacked from the Go module cache are read-only, hence
# the chmod before rm.
scratch_dir() {
  work=$(mktemp -d "/tmp/nslab-$1.XXXXXX")
  trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
}

# report_built DIR NAME... — after a build: fails if any NAME is still missing
# from DIR, else prints DIR.
report_built() {
  have_all "$@" || { log "some binaries are missing in $1"; exit 1; }
  echo "$1"
}
