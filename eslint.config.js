import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const clusterBannedGlobals = [
  { name: 'setTimeout', message: 'Use the VirtualClock: the cluster core runs on virtual time.' },
  { name: 'setInterval', message: 'Use the VirtualClock: the cluster core runs on virtual time.' },
  { name: 'requestAnimationFrame', message: 'The cluster core knows nothing of the page.' },
  { name: 'window', message: 'The cluster core knows nothing of the page.' },
  { name: 'document', message: 'The cluster core knows nothing of the page.' },
  { name: 'process', message: 'The cluster core runs unchanged in the browser: no Node globals.' },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'coverage',
      'test-results',
      'playwright-report',
      'src/cluster/api/schema/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['src/cluster/**/*.ts'],
    ignores: ['src/cluster/**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', ...clusterBannedGlobals],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use the VirtualClock.' },
        {
          object: 'Math',
          property: 'random',
          message: 'Use the seeded Random of src/cluster/clock.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'http', 'os', 'child_process', 'crypto', 'ws'],
              message: 'No Node built-ins in the cluster core.',
            },
            {
              group: [
                'react',
                'react-*',
                '@xyflow/*',
                '@xterm/*',
                'monaco-*',
                'zustand',
                'zustand/*',
              ],
              message: 'The cluster core knows nothing of the page.',
            },
            {
              group: ['**/ui/**', '**/kubectl/**', '**/shell/**', '**/worker/**', '**/node/**'],
              message: 'src/cluster may import only from src/cluster.',
            },
          ],
        },
      ],
    },
  },
  {
    // The page reaches the cluster only through the Worker's protocol, so the cluster, kubectl
    // and the shell stay out of the page's bundle; pure printers (AGE) are the exception.
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '/cluster/(?!api/(printers/|types$))',
              message: 'The page talks to the cluster through src/worker/protocol.ts.',
            },
            {
              regex: '/worker/(?!protocol$)',
              message: 'The page talks to the Worker through src/worker/protocol.ts.',
            },
            {
              group: ['**/kubectl/**', '**/shell/**', '**/node/**', 'node:*'],
              message: 'kubectl and the shell run in the Worker.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/worker/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-*', 'zustand', 'zustand/*', '@xterm/*', '**/ui/**'],
              message: 'The Worker knows nothing of the page.',
            },
          ],
        },
      ],
    },
  },
);
