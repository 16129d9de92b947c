// The IAM Identity API v1 wire shapes (as IBM's SDKs model them), shared by the client and the emulator.
// snake_case as on the wire: `--output json` prints these objects unchanged.

export type ActionWhenLeaked = 'none' | 'disable' | 'delete';

export interface HistoryRecord {
  timestamp: string;
  iam_id: string;
  iam_id_account: string;
  action: string;
  params: string[];
  message: string;
}

export interface Activity {
  last_authn?: string;
  authn_count: number;
}

export interface ApiKey {
  id: string;
  entity_tag: string;
  crn: string;
  locked: boolean;
  disabled: boolean;
  created_at: string;
  created_by: string;
  modified_at: string;
  support_sessions: boolean;
  action_when_leaked: ActionWhenLeaked;
  name: string;
  description?: string;
  iam_id: string;
  account_id: string;
  apikey: string;
  expires_at?: string;
  history?: HistoryRecord[];
  activity?: Activity;
}

export interface ServiceId {
  id: string;
  iam_id: string;
  entity_tag: string;
  crn: string;
  locked: boolean;
  created_at: string;
  modified_at: string;
  account_id: string;
  created_by?: string;
  name: string;
  description?: string;
  unique_instance_crns: string[];
  history?: HistoryRecord[];
  apikey?: ApiKey;
  activity?: Activity;
}

export interface PageLinks {
  offset?: number;
  limit?: number;
  first?: string;
  previous?: string;
  next?: string;
}

export interface ApiKeyList extends PageLinks {
  apikeys: ApiKey[];
}

export interface ServiceIdList extends PageLinks {
  serviceids: ServiceId[];
}

export interface CreateApiKeyBody {
  name: string;
  iam_id: string;
  description?: string;
  account_id?: string;
  apikey?: string;
  store_value?: boolean;
  support_sessions?: boolean;
  action_when_leaked?: ActionWhenLeaked;
  expires_at?: string;
}

export interface UpdateApiKeyBody {
  name?: string;
  description?: string;
  support_sessions?: boolean;
  action_when_leaked?: ActionWhenLeaked;
  expires_at?: string;
}

export interface CreateServiceIdBody {
  account_id: string;
  name: string;
  description?: string;
  unique_instance_crns?: string[];
  apikey?: Omit<CreateApiKeyBody, 'iam_id' | 'account_id'>;
}

export interface UpdateServiceIdBody {
  name?: string;
  description?: string;
  unique_instance_crns?: string[];
}

/** The `/v1` error body. */
export interface V1ErrorBody {
  errors: { code: string; message_code: string; message: string; details?: string }[];
  trace: string;
  status_code: number;
}

/** The token endpoint's own error body. */
export interface TokenErrorBody {
  errorCode: string;
  errorMessage: string;
  errorDetails?: string;
  context: { requestId: string; requestType: string; url: string; [k: string]: string };
}

export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
  expiration: number;
  scope: string;
  ims_user_id?: number;
}

/** Claims of an IAM access token that iamkeys reads. */
export interface TokenClaims {
  iam_id: string;
  id?: string;
  sub: string;
  sub_type: string;
  name?: string;
  email?: string;
  account: { bss: string; valid?: boolean };
  iat: number;
  exp: number;
  iss?: string;
  jti?: string;
}
