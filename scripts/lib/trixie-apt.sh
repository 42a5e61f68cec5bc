# Sourced by the scripts that take packages from Debian trixie without touching the system's apt: trixie is read through
# an apt configuration of our own, whose sources, lists and caches live in a temporary directory, so the system's
# sources, lists and candidates are never changed and nothing of trixie can be installed by apt.
#
#   trixie_download DEST PACKAGE...   downloads each PACKAGE's trixie .deb into DEST; returns non-zero on failure
#
# Its apt configuration lives in a temporary directory, removed before it returns.

trixie_download() {
  local dest=$1
  shift
  local trixie_work status=0
  trixie_work=$(mktemp -d)
  mkdir -p "$trixie_work/lists/partial" "$trixie_work/archives/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" \
    >"$trixie_work/trixie.list"
  local apt_options=(
    -o "Dir::Etc::sourcelist=$trixie_work/trixie.list" -o "Dir::Etc::sourceparts=-"
    -o "Dir::State::Lists=$trixie_work/lists" -o "Dir::Cache::Archives=$trixie_work/archives"
    -o "Dir::Cache::pkgcache=$trixie_work/pkgcache.bin" -o "Dir::Cache::srcpkgcache=$trixie_work/srcpkgcache.bin"
    -o "APT::Get::List-Cleanup=0" -o "APT::Sandbox::User=root")
  local pinned=() package
  for package in "$@"; do
    pinned+=("$package/trixie")
  done
  apt-get "${apt_options[@]}" update -qq >/dev/null \
    && (cd "$dest" && apt-get "${apt_options[@]}" download -qq "${pinned[@]}" >/dev/null) || status=$?
  rm -rf "$trixie_work"
  return "$status"
}
