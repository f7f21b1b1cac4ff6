# Sourced by the image recipes of this folder: turns a root folder into an
# image archive in `docker save` format (one layer), which `docker load`,
# `ctr images import` and `kind load image-archive` all read. No registry, no
# builder: tar, sha256sum and printf. The archive is byte-for-byte the same
# for the same inputs (sorted, owned by root, dated 1970).

# image_archive ROOT TAG CONFIG_JSON OUT — CONFIG_JSON is the image's "config"
# object, e.g. '{"Entrypoint":["/pause"]}'.
image_archive() {
  local root=$1 tag=$2 config=$3 out=$4 tmp layer_sha config_sha
  tmp=$(mktemp -d)
  tar -C "$root" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$tmp/layer.tar" .
  layer_sha=$(sha256sum "$tmp/layer.tar" | cut -d' ' -f1)
  mkdir "$tmp/$layer_sha"
  mv "$tmp/layer.tar" "$tmp/$layer_sha/layer.tar"
  printf '{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":%s,"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$config" "$layer_sha" >"$tmp/config.json"
  config_sha=$(sha256sum "$tmp/config.json" | cut -d' ' -f1)
  mv "$tmp/config.json" "$tmp/$config_sha.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' "$config_sha" "$tag" "$layer_sha" >"$tmp/manifest.json"
  tar -C "$tmp" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$out.partial" manifest.json "$config_sha.json" "$layer_sha"
  mv "$out.partial" "$out"
  rm -rf "$tmp"
}

# The folder the built archives are kept in, by name and recipe.
images_cache() {
  echo "${NSLAB_IMAGES_CACHE:-$HOME/.cache/nslab/images}"
}

# For a recipe whose archive is named by a hash of what goes into it
# (NAME-KEY.tar, KEY also the image's label nslab.key): with MODE --key it
# prints KEY and the recipe stops; with that archive already built it prints
# its path and the recipe stops; else it sets `out`, the path to build. Run at
# the recipe's top level: stopping is `exit`.
# keyed_archive NAME KEY MODE
keyed_archive() {
  local name=$1 key=$2 mode=$3
  if [ "$mode" = --key ]; then echo "$key"; exit 0; fi
  out="$(images_cache)/$name-$key.tar"
  if [ -f "$out" ]; then echo "$out"; exit 0; fi
  mkdir -p "$(dirname "$out")"
}

# After keyed_archive's `out` is built: the archives of NAME under other keys
# go, as nothing loads them again.
drop_other_keys() {
  find "$(images_cache)" -maxdepth 1 -name "$1-*.tar" ! -name "$(basename "$out")" -delete
}
