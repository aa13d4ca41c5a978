/**
 * decodeSavedModel: a SavedModel directory (saved_model.pb or .pbtxt, keras_metadata.pb,
 * fingerprint.pb, assets/, assets.extra/) to ModelFacts. variables/ is not decoded here (the
 * checkpoint decoder does that); its index is reported missing when the graph has variables.
 */
import { joinPath, type ByteSource, type FileSet } from '../../byte-source.ts';
import { DecodeError } from '../../errors.ts';
import { append, emptyFacts, type ModelFacts, type SignatureFact } from '../../facts.ts';
import { tensorflow } from '../../proto/index.ts';
import { decodeProto } from './decode-proto.ts';
import { loadGraphProto } from './load-proto.ts';
import { hasVariables, metaGraphFacts, type MetaGraphFacts } from './meta-graph-facts.ts';
import { objectGraphFacts } from './object-graph-facts.ts';
import { applyDirectoryContents, applyFingerprint, applyKerasMetadata } from './saved-model-companions.ts';
import { mergeOpFacts } from './op-merge.ts';
import { ByteReader } from '../../binary/byte-reader.ts';
import { WireType } from '../../binary/wire-types.ts';

/**
 * `variablesIndex`: where the variables checkpoint's index is, when the reader selected it beside
 * saved_model.pb (a flat selection) rather than under variables/.
 */
export async function decodeSavedModel(files: FileSet, dir: string, variablesIndex: string | null = null): Promise<ModelFacts> {
  const prefix = dir === '' ? '' : `${dir.replace(/\/+$/, '')}/`;
  const inDir = new Map<string, ByteSource>();
  for (const f of files.files) {
    if (f.path.startsWith(prefix)) inDir.set(f.path.slice(prefix.length), f);
  }
  const graphFile = inDir.get('saved_model.pb') ?? inDir.get('saved_model.pbtxt');
  if (!graphFile) {
    if (inDir.has('saved_model.cpb')) {
      throw new DecodeError(
        joinPath(dir, 'saved_model.cpb'),
        'chunked SavedModel (saved_model.cpb, TF 2.15+ for graphs over 2 GiB) is not supported',
        {
          code: 'unsupported',
          hint: 'TensorFlow wrote this model in chunks because its graph exceeds the 2 GiB protobuf limit; load it with TF 2.15 or newer.',
        },
      );
    }
    throw new DecodeError(joinPath(dir, 'saved_model.pb'), 'the SavedModel directory has no saved_model.pb or saved_model.pbtxt', {
      code: 'missing_file',
      hint: 'Select the whole SavedModel directory (the one that contains saved_model.pb and variables/).',
    });
  }

  const loaded = await loadGraphProto(graphFile, 'saved_model');
  const model = decodeProto(graphFile.path, loaded.bytes, 'SavedModel', (r) => tensorflow.SavedModel.decode(r));
  if (model.meta_graphs.length === 0) {
    throw new DecodeError(graphFile.path, 'the SavedModel holds no MetaGraphDef', {
      offset: loaded.text ? null : loaded.bytes.byteLength,
      hint: 'TensorFlow cannot load a SavedModel without a MetaGraph: the file is empty, truncated at a field boundary, or was not written completely.',
    });
  }
  const facts = emptyFacts();
  const producer = facts.producer;

  if (hasSchemaVersion(loaded.bytes)) producer.other['saved_model_schema_version'] = String(model.saved_model_schema_version);
  const metas: MetaGraphFacts[] = model.meta_graphs.map((mg) => metaGraphFacts(graphFile.path, mg));
  for (const m of metas) append(facts.problems, m.problems);
  const first = metas[0];
  if (first) {
    producer.tensorflow = first.meta.tensorflow_version;
    producer.tensorflow_git = first.meta.tensorflow_git_version;
    producer.graph_def_producer = first.meta.graph_def_producer;
    producer.graph_def_min_consumer = first.meta.graph_def_min_consumer;
    if (first.graph.legacy_version) producer.other['graph_def_version'] = String(first.graph.legacy_version);
  }
  facts.meta_graphs = metas.map((m) => m.meta);
  facts.op_details = mergeOpFacts(metas.map((m) => m.graph.op_details));
  facts.ops = facts.op_details.map((o) => o.op);
  const seenSignatures = new Set<string>();
  for (const m of metas) {
    for (const s of m.signatures) {
      if (seenSignatures.has(s.key)) continue;
      seenSignatures.add(s.key);
      facts.signatures.push(s);
    }
  }

  // Object graph (TF2): the first meta graph that has one.
  const withObjects = model.meta_graphs.find((mg) => mg.object_graph_def != null);
  const objectGraph = withObjects?.object_graph_def ?? null;
  if (objectGraph) facts.object_graph = objectGraphFacts(objectGraph);
  const concreteFunctions = objectGraph ? Object.keys(objectGraph.concrete_functions ?? {}).length : 0;

  await applyKerasMetadata(facts, inDir, objectGraph, graphFile.path);
  await applyFingerprint(facts, inDir);
  applyDirectoryContents(
    facts,
    dir,
    inDir,
    metas.flatMap((m) => m.asset_files),
    model.meta_graphs.some((mg, i) => hasVariables(mg, metas[i]!.graph)),
    variablesIndex !== null,
  );

  const memberPaths = [...inDir.keys()].sort().map((p) => prefix + p);
  facts.artifacts.push({
    readable: true,
    path: dir,
    format: 'saved_model',
    files: memberPaths,
    summary: summary(metas, facts.signatures, facts.object_graph?.length ?? null, concreteFunctions, loaded.text),
  });
  return facts;
}

/** proto3 cannot tell an absent saved_model_schema_version from 0: look for the field itself. */
function hasSchemaVersion(bytes: Uint8Array): boolean {
  try {
    for (const f of new ByteReader(bytes).fields()) if (f.field === 1 && f.wire === WireType.VARINT) return true;
  } catch {
    return false;
  }
  return false;
}

function summary(metas: MetaGraphFacts[], signatures: SignatureFact[], objects: number | null, concrete: number, text: boolean): string {
  const m = metas[0]?.meta;
  const parts = [`SavedModel${text ? ' (text)' : ''}${m?.tensorflow_version ? `, TF ${m.tensorflow_version}` : ''}`];
  parts.push(
    `${metas.length} MetaGraph${metas.length === 1 ? '' : 's'}${metas.length ? ` [${metas.map((x) => x.meta.tags.join('+') || 'no tags').join('; ')}]` : ''}`,
  );
  if (m?.graph_def_producer != null) parts.push(`producer ${m.graph_def_producer}`);
  if (m) parts.push(`${m.node_count} nodes, ${m.function_count} library functions`);
  parts.push(`${signatures.length} signature${signatures.length === 1 ? '' : 's'}`);
  if (objects !== null) parts.push(`${objects} objects, ${concrete} concrete functions`);
  else parts.push('no object graph (TF1-style)');
  return parts.join(', ');
}
