// What the IAM client needs from a transport: send one HTTP request, get one response. Two implement it:
// the network (undici) and the in-process emulator. Header names are lower-case.

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path and query relative to the endpoint, e.g. `/v1/apikeys?pagesize=100`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** False for a request that may have been applied even if no answer came (a create): never re-sent. */
  idempotent: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Transport {
  /** Where requests go, for messages (`https://iam.cloud.ibm.com`, or `local` for the embedded IAM). */
  readonly endpoint: string;
  request(req: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}
