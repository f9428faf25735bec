#!/usr/bin/env bash
# Installs the native TensorFlow backend for @tensorflow/tfjs-node (run by `npm ci` as postinstall).
#
# tfjs-node's own install script is denied (package.json `allowScripts`): it downloads libtensorflow
# 2.9 from a host we cannot reach. Instead we take libtensorflow from PyPI's TensorFlow wheel, build
# tfjs-node's N-API addon against it with npm's bundled node-gyp and the local Node headers, and cache
# the result. See shared/recipes/tfjs-node-from-pypi.sh for the facts behind each step.
#
# It never fails `npm ci`: when anything is missing or breaks, it says why, records it in
# node_modules/.normserve-native-tf.json ({ok, reason, tfVersion, wheel, gpu}) and exits 0; the
# server then falls back to the wasm backend and reports the reason.
#
# Env:
#   NORMSERVE_NATIVE_TF=0       skip (the status file says so)
#   NORMSERVE_TF_GPU=1          GPU-capable `tensorflow` wheel + its `and-cuda` nvidia-*-cu12 wheels
#   NORMSERVE_TF_VERSION        TensorFlow version (default 2.21.0)
#   NORMSERVE_NODEDIR           directory holding include/node/node_api.h (default: next to `node`)
#   PYTHON                      interpreter with pip (default python3, then python)
#   XDG_CACHE_HOME              cache root (default ~/.cache); cache lives in normserve/native-tf/
set -uo pipefail
cd "$(dirname "$0")/.."

TF_VERSION=${NORMSERVE_TF_VERSION:-2.21.0}
GPU=false
WHEEL=tensorflow-cpu
if [ "${NORMSERVE_TF_GPU:-0}" = 1 ]; then GPU=true; WHEEL=tensorflow; fi
START=$SECONDS
STATUS=""   # set once we know where node_modules is
TMP=""
PKGDIR=""

log() { echo "[normserve native-tf] $*" >&2; }

# Writes the status file; node is always there when npm runs us, and it gets the JSON quoting right.
write_status() { # ok reason tfVersion
  [ -n "$STATUS" ] || return 0
  S_OK=$1 S_REASON=$2 S_TF=$3 S_WHEEL=$WHEEL S_GPU=$GPU S_PATH=$STATUS node -e '
    const e = process.env;
    require("fs").writeFileSync(e.S_PATH, JSON.stringify({ ok: e.S_OK === "true", reason: e.S_REASON,
      tfVersion: e.S_TF, wheel: e.S_WHEEL, gpu: e.S_GPU === "true" }, null, 2) + "\n");' \
    || log "could not write $STATUS"
}

cleanup() { [ -z "$TMP" ] || rm -rf "$TMP"; }

# Every way out except success: say why, record it, exit 0 so `npm ci` still succeeds.
fail() {
  log "not installed: $1 — the engine will use the wasm backend"
  write_status false "$1" "$TF_VERSION"
  # A half-built or earlier install must not be picked up behind the status file's back.
  [ -z "$PKGDIR" ] || rm -rf "$PKGDIR/deps" "$PKGDIR/lib" "$PKGDIR/build"
  cleanup
  exit 0
}
# Unplanned errors (set -e) end up here too instead of failing the install.
set -eE
trap 'fail "step failed (exit $?): $BASH_COMMAND"' ERR

# --- where things go -----------------------------------------------------------------------------
# Resolve tfjs-node the way Node will, so a hoisted install (normserve as a dependency) works too.
PKGJSON=$(node -p 'require.resolve("@tensorflow/tfjs-node/package.json")' 2>/dev/null) || {
  log "@tensorflow/tfjs-node is not installed; nothing to do"; exit 0; }
PKGDIR=$(dirname "$PKGJSON")
STATUS="$(cd "$PKGDIR/../.." && pwd)/.normserve-native-tf.json"
rm -f "$STATUS"

[ "${NORMSERVE_NATIVE_TF:-1}" != 0 ] || fail "disabled by NORMSERVE_NATIVE_TF=0"

# --- can this machine run and build it? ----------------------------------------------------------
[ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ] \
  || fail "unsupported platform $(uname -s)/$(uname -m) (the TensorFlow wheels used here are Linux x86-64 only)"
glibc=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}') || glibc=""
[ -n "$glibc" ] || fail "no glibc (musl?); the TensorFlow wheel needs glibc >= 2.27"
[ "$(printf '%s\n2.27\n' "$glibc" | sort -V | head -1)" = 2.27 ] || fail "glibc $glibc < 2.27"
grep -qw avx /proc/cpuinfo 2>/dev/null || fail "the CPU has no AVX (TensorFlow's wheels need it)"

TFJS_VERSION=$(node -p "require('$PKGJSON').version")
# Same choice node-pre-gyp makes when loading: the highest napi version both sides support.
NAPI=$(node -p "Math.max(...require('$PKGJSON').binary.napi_versions.filter((v) => v <= +process.versions.napi))")
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/normserve/native-tf/$WHEEL-$TF_VERSION"
ADDON_KEY="napi-v$NAPI-tfjs-node-$TFJS_VERSION"
mkdir -p "$CACHE" || fail "cannot create the cache $CACHE"
TMP=$(mktemp -d "$CACHE/.tmp.XXXXXX")

# --- 1. the libraries and headers, from the cache or the wheel -----------------------------------
# Python and the build tools are only needed on a cache miss.
if [ ! -f "$CACHE/libs/.complete" ]; then
  PY=${PYTHON:-}
  if [ -z "$PY" ]; then
    for c in python3 python; do if command -v "$c" >/dev/null && "$c" -m pip --version >/dev/null 2>&1; then PY=$c; break; fi; done
  fi
  [ -n "$PY" ] && "$PY" -m pip --version >/dev/null 2>&1 || fail "no Python with pip (python3 -m pip) to download the TensorFlow wheel"
  log "pip download $WHEEL==$TF_VERSION"
  # The libraries do not depend on the Python version; pin one tag so any local Python can fetch it.
  pipdl=("$PY" -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all:
    --python-version 3.11 --implementation cp --platform manylinux_2_27_x86_64 -d "$TMP/wheels")
  "${pipdl[@]}" "$WHEEL==$TF_VERSION" >&2 || fail "pip download $WHEEL==$TF_VERSION failed"
  whl=$(ls "$TMP"/wheels/"${WHEEL//-/_}-$TF_VERSION"-*.whl 2>/dev/null | head -1)
  [ -n "$whl" ] || fail "pip download left no $WHEEL wheel"
  if [ "$GPU" = true ]; then
    # The CUDA libraries are the wheel's `and-cuda` extra; take their pins from its metadata.
    mapfile -t cuda < <("$PY" - "$whl" <<'EOF'
import re, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
    for line in z.read(meta).decode().splitlines():
        m = re.match(r"Requires-Dist: (nvidia-[^;]+);.*extra == .and-cuda.", line)
        if m: print(m.group(1).replace(" ", "").replace("(", "").replace(")", ""))
EOF
)
    [ ${#cuda[@]} -gt 0 ] || fail "no and-cuda requirements in $(basename "$whl")"
    log "pip download ${#cuda[@]} CUDA wheels: ${cuda[*]}"
    "${pipdl[@]}" "${cuda[@]}" >&2 || fail "pip download of the nvidia-*-cu12 wheels failed"
  fi
  log "extracting $(basename "$whl")"
  mkdir -p "$TMP/libs/lib" "$TMP/libs/include"
  "$PY" - "$TMP/libs" "$TMP/wheels" <<'EOF' || fail "extracting the wheels failed"
import os, shutil, sys, zipfile
out, wheels = sys.argv[1], sys.argv[2]
libs = {"tensorflow/libtensorflow_cc.so.2", "tensorflow/libtensorflow_framework.so.2"}
inc = "tensorflow/include/"
# Only the headers reached from tensorflow/c/c_api.h and tensorflow/c/eager/c_api.h.
hdrs = ("tensorflow/c/", "tensorflow/core/platform/ctstring", "tsl/platform/ctstring", "xla/tsl/c/")
def copy(z, info, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    with z.open(info) as s, open(dst, "wb") as d:
        shutil.copyfileobj(s, d, 1 << 24)
    os.chmod(dst, 0o755 if "/lib/" in dst or "/bin/" in dst else 0o644)
for name in sorted(os.listdir(wheels)):
    with zipfile.ZipFile(os.path.join(wheels, name)) as z:
        for info in z.infolist():
            n = info.filename
            if n.endswith("/"):
                continue
            if n in libs:
                copy(z, info, os.path.join(out, "lib", os.path.basename(n)))
            elif n.startswith(inc) and n[len(inc):].startswith(hdrs) and n.endswith(".h"):
                copy(z, info, os.path.join(out, "include", n[len(inc):]))
            # nvidia/<pkg>/{lib,bin,nvvm}: TF looks them up at $ORIGIN/../nvidia/<pkg>/lib from deps/lib.
            elif n.startswith("nvidia/") and "/include/" not in n and not n.endswith((".a", ".h", ".py")):
                copy(z, info, os.path.join(out, n))
EOF
  rm -rf "$TMP/wheels"
  [ -f "$TMP/libs/lib/libtensorflow_cc.so.2" ] && [ -f "$TMP/libs/include/tensorflow/c/c_api.h" ] \
    || fail "$(basename "$whl") lacks libtensorflow_cc.so.2 or the C headers"
  if command -v strip >/dev/null; then
    # 853 MB -> 634 MB for the CPU wheel; the dynamic symbols the addon links against stay.
    strip --strip-unneeded "$TMP/libs/lib/libtensorflow_cc.so.2" "$TMP/libs/lib/libtensorflow_framework.so.2"
  fi
  touch "$TMP/libs/.complete"
  rm -rf "$CACHE/libs"
  mv "$TMP/libs" "$CACHE/libs"
else
  log "libraries from the cache $CACHE"
fi

# --- 2. lay out deps/ the way binding.gyp expects: hard links into the cache ----------------------
link_tree() { # src dst: hard links are instant and take no space; another filesystem gets a copy
  cp -al "$1" "$2" 2>/dev/null || { rm -rf "$2"; cp -a "$1" "$2"; }
}
rm -rf "$PKGDIR/deps"
mkdir -p "$PKGDIR/deps"
link_tree "$CACHE/libs/lib" "$PKGDIR/deps/lib"
link_tree "$CACHE/libs/include" "$PKGDIR/deps/include"
[ ! -d "$CACHE/libs/nvidia" ] || link_tree "$CACHE/libs/nvidia" "$PKGDIR/deps/nvidia"
(
  cd "$PKGDIR/deps/lib"
  # Link-time names for binding.gyp's -ltensorflow -ltensorflow_framework.
  ln -sf libtensorflow_cc.so.2 libtensorflow.so
  ln -sf libtensorflow_framework.so.2 libtensorflow_framework.so
  # The names tfjs-node's scripts/install.js checks: with them present a later `npm rebuild`
  # never downloads libtensorflow 2.9.1.
  ln -sf libtensorflow_cc.so.2 libtensorflow.so.2
  ln -sf libtensorflow_cc.so.2 libtensorflow.so.2.9.1
  ln -sf libtensorflow_framework.so.2 libtensorflow_framework.so.2.9.1
)

# --- 3. the addon, from the cache or node-gyp ----------------------------------------------------
# N-API is ABI-stable: one build serves every Node with this napi version and tfjs-node version.
ADDON="$CACHE/addon/$ADDON_KEY/tfjs_binding.node"
if [ ! -f "$ADDON" ]; then
  for tool in g++ make; do command -v "$tool" >/dev/null || fail "no $tool to build the tfjs-node addon"; done
  NODEDIR=${NORMSERVE_NODEDIR:-$(dirname "$(dirname "$(node -p process.execPath)")")}
  [ -f "$NODEDIR/include/node/node_api.h" ] && [ -f "$NODEDIR/include/node/common.gypi" ] \
    || fail "no Node headers under $NODEDIR/include/node (set NORMSERVE_NODEDIR); node-gyp would download them"
  # npm hands its bundled node-gyp to lifecycle scripts; outside npm, find it next to npm.
  GYP=${npm_config_node_gyp:-}
  [ -n "$GYP" ] && [ -f "$GYP" ] || GYP="$(npm root -g 2>/dev/null)/npm/node_modules/node-gyp/bin/node-gyp.js"
  [ -f "$GYP" ] || fail "npm's bundled node-gyp not found"
  log "node-gyp rebuild (napi v$NAPI, headers from $NODEDIR)"
  (
    cd "$PKGDIR"
    node "$GYP" rebuild --jobs=max --nodedir="$NODEDIR" --napi_build_version="$NAPI" \
      --module_name=tfjs_binding --module_path="$TMP/addon"
  ) >"$TMP/build.log" 2>&1 || { tail -n 30 "$TMP/build.log" >&2; fail "node-gyp build of the tfjs-node addon failed"; }
  rm -rf "$PKGDIR/build"
  mkdir -p "$(dirname "$ADDON")"
  mv "$TMP/addon/tfjs_binding.node" "$ADDON"
else
  log "addon from the cache ($ADDON_KEY)"
fi
rm -rf "$PKGDIR/lib/napi-v$NAPI"
mkdir -p "$PKGDIR/lib/napi-v$NAPI"
cp "$ADDON" "$PKGDIR/lib/napi-v$NAPI/tfjs_binding.node"

# --- 4. does it load? ----------------------------------------------------------------------------
tf_loaded=$(cd "$PKGDIR/../.." && TF_CPP_MIN_LOG_LEVEL=2 node -e '
  const tf = require("@tensorflow/tfjs-node");
  const y = tf.tensor1d([1, 2]).mul(2).dataSync();
  if (y[1] !== 4) throw new Error("wrong result " + y);
  console.log(tf.backend().binding.TF_Version);' 2>"$TMP/load.log") \
  || { tail -n 5 "$TMP/load.log" >&2; fail "the built addon does not load: $(grep -m1 -i error "$TMP/load.log" || echo unknown)"; }
write_status true "" "$tf_loaded"
cleanup
log "TensorFlow $tf_loaded ($WHEEL) ready for tfjs-node $TFJS_VERSION in $((SECONDS - START)) s"
exit 0
