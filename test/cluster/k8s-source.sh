# Sourced by the scripts that build Kubernetes binaries from upstream sources
# through the Go module proxy (build-control-plane.sh, build-node.sh): one way
# to pin k8s.io/kubernetes with its staging modules and to stamp the version,
# so control plane and node are built alike and never skew.
# Needs K8S_VERSION and a log function; sets nothing else global.

# k8s_module DIR PKG... — writes a Go module in DIR that requires
# k8s.io/kubernetes@$K8S_VERSION and imports the given packages, and resolves it.
# k8s.io/kubernetes points its staging modules at ./staging; outside its repo
# each must be pinned to the published module of the same minor release.
k8s_module() {
  local dir=$1; shift
  local staging_version="v0.${K8S_VERSION#v1.}" gomod pkg
  log "fetching k8s.io/kubernetes@$K8S_VERSION"
  gomod=$(cd "$dir" && GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p')
  {
    echo "module nslab.local/k8s"
    echo
    echo "go $(go env GOVERSION | sed 's/^go//; s/\.[0-9]*$//')"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    echo "replace ("
    grep -E '^\s*k8s\.io/[a-z0-9-]+ => \./staging/' "$gomod" | awk -v v="$staging_version" '{print "\t" $1 " => " $1 " " v}'
    echo ")"
  } > "$dir/go.mod"
  {
    printf '//go:build tools\n\npackage tools\n\nimport (\n'
    for pkg in "$@"; do printf '\t_ "%s"\n' "$pkg"; done
    printf ')\n'
  } > "$dir/tools.go"
  log "resolving modules (this downloads a few hundred MB the first time)"
  (cd "$dir" && GOFLAGS=-mod=mod go mod tidy -e >/dev/null 2>"$dir/tidy.log") || { tail -20 "$dir/tidy.log" >&2; return 1; }
}

# k8s_build DIR OUT CMD — builds k8s.io/kubernetes/cmd/CMD into OUT, static,
# with the version stamped: without it the binaries call themselves v0.0.0
# and clients warn of skew.
k8s_build() {
  local dir=$1 out=$2 cmd=$3 minor start
  minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
  local flags="-X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION"
  log "building $cmd $K8S_VERSION"
  start=$(date +%s)
  (cd "$dir" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w $flags" -o "$out" "k8s.io/kubernetes/cmd/$cmd")
  log "built $cmd in $(( $(date +%s) - start )) s"
}
