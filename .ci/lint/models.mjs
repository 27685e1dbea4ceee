// Normalises the models through the serializers Camunda Modeler uses (bpmn-moddle with the
// camunda extension, dmn-moddle with the camunda extension), so that a designer's first save in
// Modeler changes only what the designer changed.
//   node models.mjs check <root>   exits 1 and names every file that differs from its normal form
//   node models.mjs write <root>   rewrites the files in their normal form
import { readFileSync, writeFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { DmnModdle } from 'dmn-moddle';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const camundaBpmn = require('camunda-bpmn-moddle/resources/camunda.json');
const camundaDmn = require('camunda-dmn-moddle/resources/camunda.json');

// what Camunda Modeler 5 writes into <definitions>; a save in Modeler only bumps the version
const EXPORTER = 'Camunda Modeler';
const EXPORTER_VERSION = '5.42.0';

const [mode, root] = process.argv.slice(2);
if (!['check', 'write'].includes(mode) || !root) {
  console.error('usage: node models.mjs check|write <project root>');
  process.exit(2);
}

const kinds = [
  {
    dir: 'bpmn', ext: '.bpmn', moddle: () => new BpmnModdle({ camunda: camundaBpmn }),
    // Modeler draws what the file's DI holds: a file without a diagram opens blank
    diagrams: (root) => (root.diagrams || []).length,
  },
  {
    dir: 'dmn', ext: '.dmn', moddle: () => new DmnModdle({ camunda: camundaDmn }),
    diagrams: (root) => ((root.dmnDI && root.dmnDI.diagrams) || []).length,
  },
];

function filesUnder(dir, ext) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : filesUnder(path, ext);
    return name.endsWith(ext) ? [path] : [];
  });
}

let drift = 0;
let count = 0;
for (const kind of kinds) {
  const dir = join(root, kind.dir);
  if (!existsSync(dir)) continue;
  for (const file of filesUnder(dir, kind.ext)) {
    const name = relative(dir, file);
    const original = readFileSync(file, 'utf8');
    const { rootElement, warnings } = await kind.moddle().fromXML(original);
    if (warnings.length) {
      for (const w of warnings) console.error(`${kind.dir}/${name}: ${w.message}`);
      drift++;
      continue;
    }
    if (kind.diagrams(rootElement) === 0) {
      console.error(`${kind.dir}/${name}: no diagram (DI): Camunda Modeler would open it blank`);
      drift++;
      continue;
    }
    rootElement.set('exporter', EXPORTER);
    rootElement.set('exporterVersion', EXPORTER_VERSION);
    const { xml } = await kind.moddle().toXML(rootElement, { format: true });
    const normal = xml + '\n';
    count++;
    if (normal !== original) {
      if (mode === 'write') {
        writeFileSync(file, normal);
        console.log(`normalised ${kind.dir}/${name}`);
      } else {
        console.error(`${kind.dir}/${name}: not in the form Camunda Modeler saves (run: node .ci/lint/models.mjs write .)`);
        drift++;
      }
    }
  }
}
if (drift) process.exit(1);
console.log(`${count} model(s) in Modeler's serialization`);
