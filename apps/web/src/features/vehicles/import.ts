import type { ImportVehiclesResponse, Problem } from '@cargo-window/contracts';

import { API_BASE, ApiError, CSRF_HEADER, NETWORK_ERROR } from '../../api/client.ts';
import { currentLanguage } from '../../i18n/index.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The server's limit for an import body. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * 导入: sends the .xlsx itself as the body and reports upload progress (0–100). fetch() cannot
 * report upload progress, hence XMLHttpRequest. The server parses and checks, storing nothing.
 */
export function importVehicleSheet(file: File, onProgress: (percent: number) => void, signal?: AbortSignal): Promise<ImportVehiclesResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_BASE}/vehicle-filings/import`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', XLSX_TYPE);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('Accept-Language', currentLanguage());
    xhr.setRequestHeader(CSRF_HEADER, '1');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => {
      onProgress(100);
      const body = parse(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && body) {
        resolve(body as ImportVehiclesResponse);
        return;
      }
      const problem = body && typeof (body as Problem).code === 'string' ? (body as Problem) : null;
      reject(new ApiError({ ...(problem ?? {}), code: problem?.code ?? (xhr.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'IMPORT_FILE_INVALID'), status: xhr.status }));
    };
    xhr.onerror = () => reject(new ApiError({ code: NETWORK_ERROR, status: 0 }));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}
