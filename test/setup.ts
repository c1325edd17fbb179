/**
 * Loaded before every test file: the parts the API server loads on demand (the schemas'
 * descriptions, the protobuf decoder; see src/cluster/apiserver/request.ts `prepareRequest`)
 * are there from the start, so tests that call a cluster's `handle` directly, without a
 * transport's `prepare`, get whole `/openapi/v3` documents and decoded protobuf bodies.
 * src/cluster/apiserver/prepare.test.ts checks the lazy path itself.
 */
import { loadProtobufDecoder } from '../src/cluster/apiserver/request';
import { loadDescriptions } from '../src/cluster/api/schema/descriptions';

await Promise.all([loadDescriptions(), loadProtobufDecoder()]);
