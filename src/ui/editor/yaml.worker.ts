/** monaco-yaml's language server, bundled as a module Worker of its own. */
import 'monaco-yaml/yaml.worker.js';
