#!/usr/bin/env bash
# Lints what designers edit in Camunda Modeler: every BPMN model in bpmn/ with bpmnlint
# (recommended rules + Camunda 7.24 compatibility), every element template against the element
# template JSON schema, every Camunda Form for the form-js of Camunda 7.24 (schemaVersion <= 16),
# and every BPMN and DMN file for its diagram and Modeler's serialization (.ci/lint/models.mjs).
# Tools are pinned in .ci/lint/package.json + package-lock.json. Exits non-zero on any problem.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lint="$root/.ci/lint"

npm ci --prefix "$lint" --no-audit --no-fund --loglevel=error

shopt -s nullglob
# bpmn/alternatives/: models a designer may swap in (not deployed), linted all the same
models=("$root"/bpmn/*.bpmn "$root"/bpmn/alternatives/*.bpmn)
if [ ${#models[@]} -eq 0 ]; then
  echo "no BPMN models in $root/bpmn" >&2
  exit 1
fi

status=0
# bpmnlint reads .bpmnlintrc from the working directory and resolves plugins from there
(cd "$lint" && ./node_modules/.bin/bpmnlint "${models[@]}") || status=1
node "$lint/check-templates-and-forms.mjs" "$root" || status=1
# every BPMN and DMN file has its diagram and is stored as Camunda Modeler saves it, so that a
# designer's first save changes only what they changed (fix: node .ci/lint/models.mjs write .)
node "$lint/models.mjs" check "$root" || status=1

if [ $status -eq 0 ]; then
  echo "models OK: ${#models[@]} BPMN model(s) linted"
fi
exit $status
