import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed documents for the operations the integration tests (and clients) use, from the committed schema. */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['test/operations/**/*.graphql'],
  generates: {
    'test/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { enumsAsTypes: true, scalars: { DateTime: 'string', JSONObject: 'Record<string, unknown>' } },
    },
  },
  hooks: {},
};

export default config;
