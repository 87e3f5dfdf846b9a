/**
 * The official DCAT-AP 2.1.1 SHACL shapes (../shared/data/dcat-ap-shacl/), run by rdf-validate-shacl
 * on a JSON-LD document turned into RDF offline: a context that is not inline is refused, never fetched.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsonld from 'jsonld';
import { Parser, Store } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';

const SHAPES_DIR = join(import.meta.dirname, '../../../shared/data/dcat-ap-shacl');

function turtle(text: string): Store {
  return new Store(new Parser().parse(text));
}

export function loadShapes(which: 'mandatory' | 'recommended'): Store {
  const files = which === 'mandatory' ? ['dcat-ap_2.1.1_shacl_shapes.ttl', 'dcat-ap_2.1.1_shacl_range.ttl'] : ['dcat-ap_2.1.1_shacl_shapes_recommended.ttl'];
  const store = new Store();
  for (const f of files) store.addQuads(turtle(readFileSync(join(SHAPES_DIR, f), 'utf8')).getQuads(null, null, null, null));
  return store;
}

export async function jsonLdToStore(doc: unknown): Promise<Store> {
  const nquads = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, {
    format: 'application/n-quads',
    documentLoader: async (url: string) => {
      throw new Error(`remote context refused: ${url}`);
    },
  })) as unknown as string;
  return new Store(new Parser({ format: 'N-Quads' }).parse(nquads));
}

export type ShaclResult = { severity: string; focus: string; path: string; message: string };

export async function validate(data: Store, shapes: Store): Promise<{ conforms: boolean; results: ShaclResult[] }> {
  const report = await new SHACLValidator(shapes).validate(data);
  return {
    conforms: report.conforms,
    results: report.results.map((r) => ({
      severity: r.severity?.value.replace('http://www.w3.org/ns/shacl#', '') ?? '?',
      focus: r.focusNode?.value ?? '?',
      path: r.path?.value ?? '',
      message: [r.sourceConstraintComponent?.value.replace('http://www.w3.org/ns/shacl#', '') ?? '', ...r.message.map((m) => m.value)].join(' '),
    })),
  };
}
