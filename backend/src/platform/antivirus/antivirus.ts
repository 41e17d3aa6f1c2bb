import type { Config } from '../../config/env';
import { AppError } from '../errors/app-error';
import { scanBuffer, type ScanResult } from './clamav';

export interface Scanner {
  scan(data: Buffer): Promise<ScanResult>;
}

/**
 * The antivirus every upload goes through. Disabled (allowed in development and test
 * only, see env.ts) it reports everything clean; enabled, a clamd that cannot answer
 * refuses the upload: a file is never accepted unscanned.
 */
export function createScanner(antivirus: Config['antivirus']): Scanner {
  if (!antivirus.enabled) return { scan: async () => ({ clean: true }) };
  if (!antivirus.host) throw new Error('UPLOAD_ANTIVIRUS is on but CLAMAV_HOST is not set');
  const target = { host: antivirus.host, port: antivirus.port, timeoutMs: antivirus.timeoutMs };
  return {
    async scan(data) {
      try {
        return await scanBuffer(target, data);
      } catch (error) {
        const unavailable = new AppError('ANTIVIRUS_UNAVAILABLE', 503, 'Files cannot be checked right now; try again later');
        // Kept for the server log (5xx details never reach the client).
        unavailable.cause = error;
        throw unavailable;
      }
    },
  };
}
