#!/usr/bin/env bash
# Source this file to run with Node 24 (the project's `engines`), whatever the machine has:
#   source scripts/node24.sh
# When `node` on PATH is not 24.x, it installs the npm registry's `node` package (which ships
# the Node 24 binary) under ~/.cache/platform-node and puts that binary first on PATH.
# npm itself stays the machine's; it runs under whichever `node` is first on PATH.
PLATFORM_NODE_VERSION="${PLATFORM_NODE_VERSION:-24.21.0}"
if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" != "24" ]; then
  _node_dir="${HOME:-/root}/.cache/platform-node/${PLATFORM_NODE_VERSION}"
  if [ ! -x "$_node_dir/node_modules/node/bin/node" ]; then
    echo "node24: installing node@${PLATFORM_NODE_VERSION} from the npm registry into $_node_dir"
    mkdir -p "$_node_dir"
    npm install --prefix "$_node_dir" --no-audit --no-fund --no-save --loglevel=error \
      "node@${PLATFORM_NODE_VERSION}" >/dev/null
  fi
  export PATH="$_node_dir/node_modules/node/bin:$PATH"
  unset _node_dir
fi
if [ "$(node -p 'process.versions.node.split(".")[0]')" != "24" ]; then
  echo "node24: could not put Node 24 on PATH (node is $(node --version))" >&2
  return 1 2>/dev/null || exit 1
fi
