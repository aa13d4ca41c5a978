/**
 * Files the way people have them: picked (several files, or a folder with its relative paths)
 * or dropped (files and whole folders, walked through the File System entries API).
 */
import type { PickedFileMessage } from './protocol.ts';

const MAX_FILES = 20_000;

export function fromInput(input: HTMLInputElement): PickedFileMessage[] {
  return [...(input.files ?? [])].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
}

export async function fromDrop(transfer: DataTransfer): Promise<PickedFileMessage[]> {
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0) return [...transfer.files].map((file) => ({ file, path: file.name }));
  const out: PickedFileMessage[] = [];
  for (const entry of entries) await walk(entry, out);
  return out;
}

async function walk(entry: FileSystemEntry, out: PickedFileMessage[]): Promise<void> {
  if (out.length >= MAX_FILES) return;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, path: entry.fullPath.replace(/^\//, '') });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns the children in batches until it returns an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, out);
  }
}
