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
workspace() { # folder holding huangpu/, target, [breaking rules, [a rule they leave out]] → a buf workspace with the Google protos beside it
  local except=""
  [ -n "${4:-}" ] && except=$'  except:\n    - '"$4"
  mkdir -p "$2/protos" "$2/third_party"
  cp -r "$1/huangpu" "$2/protos/"
  cp -r "$google/google" "$2/third_party/"
  cat >"$2/buf.yaml" <<YAML
version: v2
modules:
  - path: protos
  - path: third_party
lint:
  use:
    - STANDARD
  except:
    # AIP style: a method answers with its resource (AIP-131/136), so responses are neither unique nor named
    # after the method; each request is its method's own (AIP-136).
    - RPC_REQUEST_RESPONSE_UNIQUE
    - RPC_RESPONSE_STANDARD_NAME
  ignore_only:
    # Names partners and REST callers already use (JSON values "NO_OBJECTION"/"OBJECTION"; the treasury's
    # services): renaming them would break those callers, which is what this check is for.
    ENUM_VALUE_PREFIX:
      - protos/huangpu/expertreview/v1/expertreview.proto
    SERVICE_SUFFIX:
      - protos/huangpu/payments/v1/payments.proto
      - protos/huangpu/treasury/v1
    # The treasury simulator (Development and tests only) takes its behaviour as it keeps it.
    RPC_REQUEST_STANDARD_NAME:
      - protos/huangpu/treasury/v1/simulator.proto
breaking:
  use:
    - ${3:-FILE}
$except
YAML
}
workspace protos "$work/current"
# Against earlier releases, a method whose request message was renamed with the same fields (AIP-136: each
# method its own request) is compatible on the wire and in JSON; buf compares request types by name, so that one
# rule is left to ContractCompatibilityTests, which compares the fields themselves.
workspace protos "$work/current-wire" WIRE_JSON RPC_SAME_REQUEST_TYPE

passed=0
failed=0
if (cd "$work/current" && "$OLDPWD/$buf" lint protos); then
  echo "protos: lint clean"
  passed=$((passed + 1))
else
  echo "protos: lint FAILED (above)" >&2
  failed=$((failed + 1))
fi

# The latest release: nothing that breaks a client built from it, generated code included (FILE rules). Every
# earlier release: nothing that breaks its clients on the wire or in JSON (WIRE_JSON rules), since a partner may
# run a client of any release that is still supported.
latest=$(ls -d protos/released/*/ | sort -V | tail -1)
for released in $(ls -d protos/released/*/ | sort -V); do
  version=$(basename "$released")
  workspace "$released" "$work/released-$version"
  if [ "$released" = "$latest" ]; then current="$work/current" rules=FILE; else current="$work/current-wire" rules=WIRE_JSON; fi
  if (cd "$current" && "$OLDPWD/$buf" breaking protos --against "$work/released-$version/protos"); then
    echo "protos: no breaking change against release $version ($rules)"
    passed=$((passed + 1))
  else
    echo "protos: BREAKING changes against release $version ($rules, above)" >&2
    failed=$((failed + 1))
  fi
done

echo "protos: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
