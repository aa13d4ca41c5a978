/**
 * Frontmatter schema of a failure guide (`src/content/failures/<id>.mdx`). Each field is
 * described because authors read this file to write a guide, and CI validates every guide
 * against it (test/unit/catalog.test.ts and the Astro build).
 */
import { z } from 'astro/zod';
import { FAILURE_IDS } from '../lib/catalog.ts';
import { ARTIFACT_FORMATS } from '../lib/facts.ts';

const failureId = z.enum(FAILURE_IDS).describe('One of the failure ids in src/lib/catalog.ts; also the URL /failures/<id>/.');

/** The formats a guide can name: every artifact format but `unknown`. */
const GUIDE_FORMATS = ARTIFACT_FORMATS.filter((f): f is Exclude<(typeof ARTIFACT_FORMATS)[number], 'unknown'> => f !== 'unknown') as [
  Exclude<(typeof ARTIFACT_FORMATS)[number], 'unknown'>,
  ...Exclude<(typeof ARTIFACT_FORMATS)[number], 'unknown'>[],
];

export const symptomSchema = z
  .object({
    text: z.string().min(10).describe('The message exactly as TensorFlow/Keras prints it; {name} marks a varying part.'),
    pattern: z
      .string()
      .refine((p) => {
        try {
          new RegExp(p);
          return true;
        } catch {
          return false;
        }
      }, 'must be a valid JavaScript regular expression')
      .describe('A JavaScript regular expression that matches the message in a traceback (used by triage).'),
    source: z.string().min(5).describe('Where the message comes from: repository file/function, or the errors catalog id.'),
    versions: z.string().optional().describe('Which TF/Keras versions print it, and wording differences.'),
  })
  .strict();

export const failureSchema = z
  .object({
    id: failureId,
    title: z.string().min(3).describe('Page title: the failure in plain words.'),
    summary: z.string().min(20).max(200).describe('One-line cause, used in the index, link previews (og:description) and search results.'),
    symptoms: z.array(symptomSchema).min(1).describe('Real messages people see, each with a match pattern and source.'),
    formats: z.array(z.enum(GUIDE_FORMATS)).min(1).describe('Artifact formats this failure happens with.'),
    versions: z
      .object({
        tensorflow: z.string().describe('TF versions the page holds for, e.g. "2.x (checked on 2.21)".'),
        keras: z.string().describe('Keras versions the page holds for, e.g. "tf.keras 2.x and Keras 3 (checked on 3.15)".'),
      })
      .strict()
      .describe('Versions this page holds for.'),
    related: z.array(failureId).describe('Other failures readers of this page often have instead.'),
  })
  .strict();

export type FailureFrontmatter = z.infer<typeof failureSchema>;
