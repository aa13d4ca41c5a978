// Lets guides give a heading a stable anchor: `## What is really going on \{#mechanism\}`.
// Links pasted to teammates point at these anchors, so they must not change with the wording.
// (MDX needs the braces escaped; the escape leaves the text `{#id}` at the end of the heading.)
const TRAILING_ID = /\s*\{#([a-z0-9-]+)\}\s*$/;

export function remarkHeadingIds() {
  return (tree) => visit(tree);
}

function visit(node) {
  if (node.type === 'heading') {
    const last = node.children[node.children.length - 1];
    const match = last && last.type === 'text' ? TRAILING_ID.exec(last.value) : null;
    if (match) {
      last.value = last.value.slice(0, match.index);
      node.data = { ...node.data, hProperties: { ...(node.data?.hProperties ?? {}), id: match[1] } };
    }
  }
  for (const child of node.children ?? []) visit(child);
}
