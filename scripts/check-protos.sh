#!/usr/bin/env bash
# The gRPC contract partners build against: buf lints protos/huangpu (STANDARD, except the rules that contradict
# Google's AIP resource style, and the names partners already call, below) and checks it against the last release
# (protos/released) for breaking changes. Ends with "protos: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/tools/ensure.sh
buf=scripts/tools/node_modules/.bin/buf

# google/api and google/rpc come from the Google.Api.CommonProtos package the C# build imports them from.
version=$(sed -n 's/.*"Google.Api.CommonProtos" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)
google="${NUGET_PACKAGES:-$HOME/.nuget/packages}/google.api.commonprotos/$version/content/protos"
if [ ! -d "$google/google/api" ]; then
  dotnet restore src/Huangpu.Grpc/Huangpu.Grpc.csproj -v q >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
workspace() { # folder holding huangpu/ → a buf workspace with the Google protos beside it
  mkdir -p "$2/protos" "$2/third_party"
  cp -r "$1/huangpu" "$2/protos/"
  cp -r "$google/google" "$2/third_party/"
  cat >"$2/buf.yaml" <<'YAML'
version: v2
modules:
  - path: protos
  - path: third_party
lint:
  use:
    - STANDARD
  except:
    # AIP style: custom methods share request messages and name their answers after the resource.
    - RPC_REQUEST_RESPONSE_UNIQUE
    - RPC_REQUEST_STANDARD_NAME
    - RPC_RESPONSE_STANDARD_NAME
  ignore_only:
    # Names partners and REST callers already use (JSON values "NO_OBJECTION"/"OBJECTION"; the treasury's
    # services): renaming them would break those callers, which is what this check is for.
    ENUM_VALUE_PREFIX:
      - protos/huangpu/expertreview/v1/expertreview.proto
    SERVICE_SUFFIX:
      - protos/huangpu/payments/v1/payments.proto
      - protos/huangpu/treasury/v1
breaking:
  use:
    - FILE
YAML
}
workspace protos "$work/current"
released=$(ls -d protos/released/*/ | sort -V | tail -1)
workspace "$released" "$work/released"

passed=0
failed=0
if (cd "$work/current" && "$OLDPWD/$buf" lint protos); then
  echo "protos: lint clean"
  passed=$((passed + 1))
else
  echo "protos: lint FAILED (above)" >&2
  failed=$((failed + 1))
fi

if (cd "$work/current" && "$OLDPWD/$buf" breaking protos --against "$work/released/protos"); then
  echo "protos: no breaking change against ${released%/}"
  passed=$((passed + 1))
else
  echo "protos: BREAKING changes against ${released%/} (above)" >&2
  failed=$((failed + 1))
fi

echo "protos: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
