#!/usr/bin/env bash
# The packages partners take: Huangpu.Grpc (the contract) and Huangpu.PartnerClient pack from the Release build,
# carry what a consumer needs, and a program outside this repository restores them from a folder feed and builds
# against the client's public API. Ends with "packages: N passed, N failed". Run after the Release build.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
# A version of its own, so the consumer never restores a package cached by an earlier run.
version="1.0.0-check.$(date +%s)"
cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
trap 'rm -rf "$work" "$cache/huangpu.grpc/$version" "$cache/huangpu.partnerclient/$version"' EXIT

passed=0
failed=0
check() { # name, command...
  local name=$1
  shift
  if output=$("$@" 2>&1); then
    echo "packages: $name"
    passed=$((passed + 1))
  else
    echo "$output" | tail -20 >&2
    echo "packages: $name FAILED (above)" >&2
    failed=$((failed + 1))
  fi
}

pack() {
  for project in src/Huangpu.Grpc src/Huangpu.PartnerClient; do
    dotnet pack "$project" -c Release --no-build -nologo -o "$work/feed" -p:Version="$version" || return 1
  done
}
check "Huangpu.Grpc and Huangpu.PartnerClient pack" pack

contents() {
  local listing
  listing=$(unzip -l "$work/feed/Huangpu.PartnerClient.$version.nupkg") || return 1
  grep -q 'lib/net10.0/Huangpu.PartnerClient.dll' <<<"$listing" && grep -q 'README.md' <<<"$listing" || return 1
  local nuspec
  nuspec=$(unzip -p "$work/feed/Huangpu.PartnerClient.$version.nupkg" Huangpu.PartnerClient.nuspec) || return 1
  for dependency in Huangpu.Grpc Grpc.Net.Client Polly.Core Microsoft.Extensions.Http.Resilience; do
    grep -q "id=\"$dependency\"" <<<"$nuspec" || { echo "no dependency on $dependency" >&2; return 1; }
  done
  unzip -l "$work/feed/Huangpu.Grpc.$version.nupkg" | grep -q 'lib/net10.0/Huangpu.Grpc.dll'
}
check "the client carries its assembly, readme and dependencies (the contract, gRPC, Polly, resilience)" contents

consumer() {
  mkdir -p "$work/consumer"
  cat >"$work/consumer/nuget.config" <<XML
<configuration>
  <packageSources>
    <add key="huangpu" value="$work/feed" />
  </packageSources>
</configuration>
XML
  # The consumer sees only the folder feed and what the machine's sources and cache already hold.
  cat >"$work/consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Huangpu.PartnerClient" Version="$version" />
  </ItemGroup>
</Project>
XML
  cat >"$work/consumer/Program.cs" <<'CS'
using Huangpu.Grpc.Registry.V1;
using Huangpu.PartnerClient;
using Microsoft.Extensions.DependencyInjection;

var services = new ServiceCollection();
services.AddHuangpuClientCredentials(o => (o.TokenEndpoint, o.ClientId, o.ClientSecret) = (new Uri("https://login.example.test/token"), "credit-bureau", "secret"));
services.AddHuangpuPartnerClient(o => o.GatewayAddress = new Uri("https://gateway.example.test:8443"));
await using var provider = services.BuildServiceProvider();
var client = provider.GetRequiredService<HuangpuPartnerClient>();
Func<Task<FeedResponse>> send = () => client.Credit.SubmitCreditRecordsAsync([new AddCreditRecordRequest { Uscc = "91310101880000001X", SourceRecordId = "C-1" }]);
Console.WriteLine(send is not null ? "built" : "not built");
CS
  (cd "$work/consumer" && dotnet build -nologo -v q -c Release && dotnet bin/Release/net10.0/Consumer.dll | grep -qx built)
}
check "a program outside the repository restores both from a folder feed, builds and runs against the client" consumer

echo "packages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
