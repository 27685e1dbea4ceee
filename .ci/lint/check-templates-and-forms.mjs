// Validates every element template in .camunda/element-templates/ against the Camunda element
// template JSON schema and checks every Camunda Form in forms/ for the form-js 1.8 that Camunda 7.24
// Tasklist ships (schemaVersion <= 16, known field types). Usage: node check-templates-and-forms.mjs <repo root>
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import Ajv from 'ajv';

const require = createRequire(import.meta.url);
const root = process.argv[2];
if (!root) {
  console.error('usage: node check-templates-and-forms.mjs <repo root>');
  process.exit(2);
}

const MAX_FORM_SCHEMA_VERSION = 16;
// field types form-js 1.8 renders
const FORM_JS_1_8_TYPES = new Set([
  'button', 'checkbox', 'checklist', 'datetime', 'default', 'dynamiclist', 'group', 'html', 'iframe',
  'image', 'number', 'radio', 'select', 'separator', 'spacer', 'table', 'taglist', 'text', 'textarea',
  'textfield', 'expression', 'filepicker'
]);

const problems = [];
const files = (dir, ext) => existsSync(dir)
  ? readdirSync(dir).filter((f) => f.endsWith(ext)).sort().map((f) => join(dir, f))
  : [];
const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    problems.push(`${file}: not valid JSON: ${e.message}`);
    return undefined;
  }
};

// element templates
const schema = require('@camunda/element-templates-json-schema/resources/schema.json');
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const templates = files(join(root, '.camunda', 'element-templates'), '.json');
const ids = new Map();
for (const file of templates) {
  const json = readJson(file);
  if (json === undefined) continue;
  if (!validate(json)) {
    for (const error of validate.errors) {
      problems.push(`${file}: ${error.instancePath || '/'} ${error.message}`);
    }
  }
  for (const template of Array.isArray(json) ? json : [json]) {
    if (!/^[a-z]+(\.[A-Za-z][A-Za-z0-9]*)+$/.test(template.id ?? '')) {
      problems.push(`${file}: id "${template.id}" is not reverse-DNS (io.journeys.SendEmail)`);
    }
    if (!Number.isInteger(template.version)) {
      problems.push(`${file}: template ${template.id} needs an integer version`);
    }
    const key = `${template.id}@${template.version}`;
    if (ids.has(key)) problems.push(`${file}: ${key} is also defined in ${ids.get(key)}`);
    ids.set(key, file);
  }
}

// forms
const forms = files(join(root, 'forms'), '.form');
const walk = (components, visit) => (components ?? []).forEach((c) => {
  visit(c);
  walk(c.components, visit);
});
for (const file of forms) {
  const form = readJson(file);
  if (form === undefined) continue;
  if (!Number.isInteger(form.schemaVersion) || form.schemaVersion > MAX_FORM_SCHEMA_VERSION) {
    problems.push(`${file}: schemaVersion ${form.schemaVersion} is not an integer <= ${MAX_FORM_SCHEMA_VERSION} (form-js 1.8 of Camunda 7.24)`);
  }
  if (form.executionPlatform !== 'Camunda Platform') {
    problems.push(`${file}: executionPlatform must be "Camunda Platform"`);
  }
  const expectedId = file.split('/').pop().replace(/\.form$/, '');
  if (form.id !== expectedId) problems.push(`${file}: id "${form.id}" must equal the file name "${expectedId}"`);
  walk(form.components, (c) => {
    if (!FORM_JS_1_8_TYPES.has(c.type)) problems.push(`${file}: field ${c.id} has type "${c.type}" unknown to form-js 1.8`);
  });
}

// decision tables (dmn/): what Camunda Modeler needs to open them with a diagram, and what the
// engine of Camunda 7.24 needs to deploy them; the engine parses every table in the tests
const dmns = files(join(root, 'dmn'), '.dmn');
for (const file of dmns) {
  const xml = readFileSync(file, 'utf8');
  if (!xml.includes('xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/"')) {
    problems.push(`${file}: not DMN 1.3 (namespace https://www.omg.org/spec/DMN/20191111/MODEL/)`);
  }
  if (!xml.includes('modeler:executionPlatform="Camunda Platform"')) {
    problems.push(`${file}: modeler:executionPlatform must be "Camunda Platform"`);
  }
  for (const [, tag] of xml.matchAll(/<decision\b([^>]*)>/g)) {
    const id = /\bid="([^"]+)"/.exec(tag)?.[1];
    if (!/camunda:historyTimeToLive="[^"]+"/.test(tag)) problems.push(`${file}: decision ${id} has no camunda:historyTimeToLive`);
    if (!xml.includes(`dmnElementRef="${id}"`)) problems.push(`${file}: decision ${id} has no DMNShape (diagram)`);
  }
}

console.log(`checked ${templates.length} element template file(s), ${forms.length} form(s) and ${dmns.length} decision model(s)`);
if (problems.length) {
  problems.forEach((p) => console.error(p));
  process.exit(1);
}
