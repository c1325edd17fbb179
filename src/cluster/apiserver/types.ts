/**
 * The API server's contract: a function from request to response, the same in the browser
 * (in-process) and in Node (behind the HTTP adapter of src/node).
 */
import type { KubeObject } from '../api/types';

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS' | string;
  /** URL path without the query: "/api/v1/namespaces/default/pods". */
  path: string;
  /** Query parameters; repeated keys keep their last value. */
  query?: Record<string, string>;
  /** Header names in lower case. */
  headers?: Record<string, string>;
  /**
   * The body: text as received over HTTP (bytes for `application/vnd.kubernetes.protobuf`), or an
   * already-parsed JSON value in-process.
   */
  body?: unknown;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: unknown;
}

/** A long-lived response: events until the caller stops it (or the server ends it). */
export interface WatchStream {
  /** Starts delivery; returns the function that stops it. `end` is called if the server ends the stream. */
  start(send: (ev: WatchEvent) => void, end: () => void): () => void;
}

/**
 * A long-lived text response (`logs -f`, a running exec): chunks follow until the source ends
 * or the caller stops. The HTTP adapter writes them chunked.
 */
export interface TextStream {
  /** Starts delivery; returns the function that stops it. `end` is called when the source ends. */
  start(write: (text: string) => void, end: () => void): () => void;
}

export interface ApiResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** A JSON value (serialised by the adapter), or text for text/plain responses such as logs. */
  body?: unknown;
  /** Set for watch requests: the events follow through the stream. */
  watch?: WatchStream;
  /** Set for streamed text (logs with follow=true): the stream writes `body` first, then new chunks. */
  stream?: TextStream;
}

/** What the router makes of a resource path. */
export interface ResourcePath {
  group: string;
  version: string;
  /** Namespace from the URL; undefined when the URL names none. */
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
}

export type { KubeObject };
