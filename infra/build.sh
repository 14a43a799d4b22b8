#!/usr/bin/env bash
# Builds and lints infra/ with the Bicep CLI, and fails on any warning or error.
#
# The CLI comes from NuGet (package Azure.Bicep.CommandLine.linux-x64, pinned below): a throwaway
# project downloads it into the NuGet cache, so nothing but NuGet is needed. Every linter rule is on
# (infra/bicepconfig.json). The compiled ARM template goes to artifacts/infra/main.json (or the
# directory given as $1), where tests/SpineTriage.Infrastructure.Tests reads it.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly bicep_version=0.49.2
readonly package=azure.bicep.commandline.linux-x64
out_dir=${1:-artifacts/infra}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The NuGet cache (NUGET_PACKAGES or the default), as dotnet itself reports it.
packages=$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')
packages=${packages%/}
bicep="$packages/$package/$bicep_version/tools/bicep"

if [ ! -f "$bicep" ]; then
  # The project sits outside the repository so the repository's Directory.*.props do not apply.
  cat > "$work/bicep-cli.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Azure.Bicep.CommandLine.linux-x64" Version="[$bicep_version]" />
  </ItemGroup>
</Project>
EOF
  dotnet restore "$work/bicep-cli.csproj" --nologo --verbosity quiet
fi
if [ ! -f "$bicep" ]; then
  echo "infra: the Bicep CLI is not at $bicep after restore" >&2
  exit 1
fi
if [ ! -x "$bicep" ]; then
  # The package ships the binary without the execute bit for everyone; run a private copy if the
  # cache is not ours to change.
  chmod u+x "$bicep" 2>/dev/null || { cp "$bicep" "$work/bicep"; chmod u+x "$work/bicep"; bicep="$work/bicep"; }
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 BICEP_TRACING_ENABLED=false
echo "infra: $("$bicep" --version)"
mkdir -p "$out_dir"

status=0
"$bicep" build infra/main.bicep --outfile "$out_dir/main.json" > "$work/build.log" 2>&1 || status=$?
"$bicep" lint infra/main.bicep > "$work/lint.log" 2>&1 || status=$?
cat "$work/build.log" "$work/lint.log"

# Diagnostics look like: path(line,col) : Warning rule-name: message
diagnostics=$(cat "$work/build.log" "$work/lint.log" | grep -cE '\) : (Error|Warning) ' || true)
if [ "$status" -ne 0 ] || [ "$diagnostics" -ne 0 ]; then
  echo "infra: bicep build/lint failed (exit $status, $diagnostics diagnostics)" >&2
  exit 1
fi
echo "infra: build and lint clean; ARM template at $out_dir/main.json"
