/**
 * The `checkpoint` state file. Expected values are read off the fixture text by the test's own
 * line regex (every fixture uses one `field: "value"` per line), and escapes follow the
 * protobuf text-format rules.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCheckpointState } from '../../../src/lib/formats/checkpoint/index.ts';
import { FIXTURES } from '../../helpers/fixtures.ts';
import { findFiles } from './evidence.ts';

const stateFiles = findFiles(FIXTURES, (n) => n === 'checkpoint');

describe('parseCheckpointState', () => {
  it('finds the fixture state files', () => {
    expect(stateFiles.length).toBeGreaterThanOrEqual(8);
  });

  for (const path of stateFiles) {
    it(`${relative(FIXTURES, path)}`, () => {
      const text = readFileSync(path, 'utf8');
      const lines = text
        .split('\n')
        .map((l) => /^(\w+): "([^"\\]*)"$/.exec(l))
        .filter((m) => m !== null);
      const fact = parseCheckpointState(text, 'dir/checkpoint');
      expect(fact.file).toBe('dir/checkpoint');
      expect(fact.model_checkpoint_path).toBe(lines.find((m) => m[1] === 'model_checkpoint_path')![2]);
      expect(fact.all_model_checkpoint_paths).toEqual(lines.filter((m) => m[1] === 'all_model_checkpoint_paths').map((m) => m[2]));
    });
  }

  it('handles escapes, single quotes, comments, timestamps and missing colons', () => {
    const text = [
      '# written by hand',
      'model_checkpoint_path: "C:\\\\runs\\\\ckpt-2"',
      'all_model_checkpoint_paths: \'say \\"hi\\"\'',
      'all_model_checkpoint_timestamps: 1565631245.19',
      'all_model_checkpoint_paths "caf\\303\\251" "-tail"',
      'last_preserved_timestamp: 1565631200.5',
      'all_model_checkpoint_paths: "\\x41\\tB\\n"',
    ].join('\n');
    const fact = parseCheckpointState(text, 'checkpoint');
    expect(fact.model_checkpoint_path).toBe('C:\\runs\\ckpt-2');
    expect(fact.all_model_checkpoint_paths).toEqual(['say "hi"', 'café-tail', 'A\tB\n']);
  });

  it('returns nulls for text without the fields, and never throws on junk', () => {
    expect(parseCheckpointState('', 'c')).toEqual({ file: 'c', model_checkpoint_path: null, all_model_checkpoint_paths: [] });
    expect(parseCheckpointState('\u0000\u00ff{{{ "unterminated', 'c').model_checkpoint_path).toBeNull();
    expect(parseCheckpointState('model_checkpoint_path: "a\nall_model_checkpoint_paths: "b"', 'c').all_model_checkpoint_paths).toEqual([
      'b',
    ]);
  });
});
