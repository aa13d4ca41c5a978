import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { failureSchema } from './content/failure-schema.ts';

export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
  // One guide per failure id, rendered at /failures/<id>/ by src/pages/failures/[id].astro.
  failures: defineCollection({
    loader: glob({ pattern: '*.mdx', base: './src/content/failures' }),
    schema: failureSchema,
  }),
};
