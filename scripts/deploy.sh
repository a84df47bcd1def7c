#!/usr/bin/env bash
# Deploys the layer, then the functions, with the last Serverless Framework CLI that still speaks to
# Tencent's component registry (v2; v3.27+ refuses Tencent). Credentials: TENCENT_SECRET_ID /
# TENCENT_SECRET_KEY in .env or the environment (or scan the QR code it prints).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${STAGE:=dev}" "${REGION:=ap-guangzhou}"
export STAGE REGION SERVERLESS_PLATFORM_VENDOR=tencent
[ -f dist/layer/node_modules/@weapp-scf/layer/index.js ] || { echo "run npm run build first" >&2; exit 1; }
SLS="npx --yes serverless@2.72.4"
(cd layers && $SLS deploy --stage "$STAGE")
$SLS deploy --stage "$STAGE"
(cd functions/game && $SLS deploy --stage "$STAGE")
