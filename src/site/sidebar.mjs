// The sidebar follows the failure catalog, in its order (src/lib/catalog.ts).
import { FAILURES } from '../lib/catalog.ts';

export const sidebar = [
  {
    label: 'Start here',
    items: [
      { label: 'What do you see?', link: '/' },
      { label: 'All failures', link: '/failures/' },
    ],
  },
  {
    label: 'Failures',
    items: FAILURES.map((f) => ({ label: f.title, link: `/failures/${f.id}/` })),
  },
  {
    label: 'Questions',
    items: [
      { label: 'Why does restoration hang?', link: '/questions/why-does-restoration-hang/' },
      { label: 'Why is restore / load_weights failing?', link: '/questions/why-is-restore-failing/' },
      { label: 'model.restore does not exist', link: '/questions/model-restore/' },
    ],
  },
  {
    label: 'Formats',
    items: [
      { label: 'SavedModel', link: '/formats/saved-model/' },
      { label: 'TF2 checkpoint', link: '/formats/tf2-checkpoint/' },
      { label: '.keras file', link: '/formats/keras-v3/' },
      { label: 'Legacy Keras .h5', link: '/formats/keras-h5/' },
      { label: 'TF1 .meta', link: '/formats/tf1-meta/' },
    ],
  },
  {
    label: 'Tools',
    items: [
      { label: 'Inspect a model', link: '/inspect/' },
      { label: 'Triage a traceback', link: '/triage/' },
    ],
  },
];
