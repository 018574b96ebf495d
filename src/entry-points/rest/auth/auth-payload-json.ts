import type { AuthPayload } from '../../../core/auth/sessions.js';
import { userJson } from '../../shared/user-json.js';

export const authPayloadJson = (payload: AuthPayload) => ({
  accessToken: payload.accessToken,
  refreshToken: payload.refreshToken,
  expiresIn: payload.expiresIn,
  user: userJson(payload.user),
});
