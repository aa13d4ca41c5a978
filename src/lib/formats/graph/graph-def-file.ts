/**
 * decodeGraphDefFile: a frozen GraphDef (.pb or .pbtxt) to ModelFacts. A bare GraphDef has no
 * signatures; its placeholders are reported as one pseudo-signature keyed `graph_inputs`.
 */
import { requireFile, type FileSet } from '../../byte-source.ts';
import { emptyFacts, type ModelFacts } from '../../facts.ts';
import { tensorflow } from '../../proto/index.ts';
import { decodeProto } from './decode-proto.ts';
import { graphFacts } from './graph-facts.ts';
import { loadGraphProto } from './load-proto.ts';

/** Key of the pseudo-signature that lists a frozen graph's Placeholder nodes. */
export const GRAPH_INPUTS_KEY = 'graph_inputs';

export async function decodeGraphDefFile(files: FileSet, path: string): Promise<ModelFacts> {
  const source = requireFile(files, path);
  const loaded = await loadGraphProto(source, 'graph_def');
  const graph = decodeProto(source.path, loaded.bytes, 'GraphDef', (r) => tensorflow.GraphDef.decode(r));
  const g = graphFacts(graph, source.path);
  const facts = emptyFacts();
  facts.producer.graph_def_producer = g.producer;
  facts.producer.graph_def_min_consumer = g.min_consumer;
  if (g.legacy_version) facts.producer.other['graph_def_version'] = String(g.legacy_version);
  facts.op_details = g.op_details;
  facts.ops = g.op_details.map((o) => o.op);
  facts.signatures = [{ key: GRAPH_INPUTS_KEY, method: null, inputs: g.placeholders, outputs: [] }];
  facts.artifacts.push({
    readable: true,
    path: source.path,
    format: 'graph_def',
    files: [source.path],
    summary: `GraphDef${loaded.text ? ' (text)' : ''}, ${g.node_count} nodes, ${g.function_count} library functions, ${g.producer != null ? `producer ${g.producer}` : 'no versions'}, ${g.placeholders.length} placeholders`,
  });
  return facts;
}
