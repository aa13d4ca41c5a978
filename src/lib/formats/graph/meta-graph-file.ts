/** decodeMetaGraphFile: a TF1 `.meta` file (MetaGraphDef alone, binary or text) to ModelFacts. */
import { requireFile, type FileSet } from '../../byte-source.ts';
import { emptyFacts, type ModelFacts } from '../../facts.ts';
import { tensorflow } from '../../proto/index.ts';
import { decodeProto } from './decode-proto.ts';
import { loadGraphProto } from './load-proto.ts';
import { metaGraphFacts } from './meta-graph-facts.ts';
import { objectGraphFacts } from './object-graph-facts.ts';

export async function decodeMetaGraphFile(files: FileSet, path: string): Promise<ModelFacts> {
  const source = requireFile(files, path);
  const loaded = await loadGraphProto(source, 'meta_graph');
  const mg = decodeProto(source.path, loaded.bytes, 'MetaGraphDef', (r) => tensorflow.MetaGraphDef.decode(r));
  const m = metaGraphFacts(source.path, mg);
  const facts = emptyFacts();
  const p = facts.producer;
  p.tensorflow = m.meta.tensorflow_version;
  p.tensorflow_git = m.meta.tensorflow_git_version;
  p.graph_def_producer = m.meta.graph_def_producer;
  p.graph_def_min_consumer = m.meta.graph_def_min_consumer;
  if (m.graph.legacy_version) p.other['graph_def_version'] = String(m.graph.legacy_version);
  facts.meta_graphs = [m.meta];
  facts.op_details = m.graph.op_details;
  facts.ops = m.graph.op_details.map((o) => o.op);
  facts.signatures = m.signatures;
  facts.variables = m.tf1_variables.map((v) => ({ ...v, file: source.path }));
  facts.assets = m.asset_files.map((f) => `assets/${f}`);
  if (mg.object_graph_def) facts.object_graph = objectGraphFacts(mg.object_graph_def);
  facts.problems = m.problems;
  const saver = m.meta.saver ? `saver ${m.meta.saver.version}` : 'no saver';
  facts.artifacts.push({
    readable: true,
    path: source.path,
    format: 'tf1_meta',
    files: [source.path],
    summary: `MetaGraphDef${loaded.text ? ' (text)' : ''}${m.meta.tensorflow_version ? `, TF ${m.meta.tensorflow_version}` : ''}, ${m.meta.tags.length ? `tags [${m.meta.tags.join('+')}]` : 'no tags'}${m.meta.graph_def_producer != null ? `, producer ${m.meta.graph_def_producer}` : ''}, ${m.meta.node_count} nodes, ${m.meta.function_count} library functions, ${facts.variables.length} variables, ${saver}`,
  });
  return facts;
}
