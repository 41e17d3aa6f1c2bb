import { apiError, upload, type Upload, type UploadKind } from '@khadamat/contracts';
import { useMutation } from '@tanstack/react-query';
import { ApiClientError, CLIENT_ERROR_CODES } from '@/lib/api-client';

/**
 * POST /api/uploads?kind=… (multipart `file`: service photos, identity documents…) with
 * XMLHttpRequest, which (unlike fetch) reports upload progress for the progress bars. The
 * CSRF header comes from the session.
 */
export function uploadFile({
  file,
  kind,
  csrfToken,
  onProgress,
}: {
  file: File;
  kind: UploadKind;
  csrfToken: string;
  onProgress: (fraction: number) => void;
}): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/uploads?kind=${kind}`);
    xhr.withCredentials = true;
    xhr.responseType = 'text';
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiClientError({ status: 0, code: CLIENT_ERROR_CODES.network, message: 'Network request failed' }));
    xhr.onload = () => {
      let data: unknown;
      try {
        data = JSON.parse(xhr.responseText) as unknown;
      } catch {
        data = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const parsed = upload.safeParse(data);
        if (parsed.success) {
          onProgress(1);
          resolve(parsed.data);
        } else {
          reject(
            new ApiClientError({ status: xhr.status, code: CLIENT_ERROR_CODES.invalidResponse, message: 'Unexpected upload response' }),
          );
        }
        return;
      }
      const error = apiError.safeParse(data);
      reject(
        error.success
          ? new ApiClientError({ status: xhr.status, ...error.data.error })
          : new ApiClientError({ status: xhr.status, code: `HTTP_${String(xhr.status)}`, message: xhr.statusText || 'Upload failed' }),
      );
    };
    const body = new FormData();
    body.append('file', file);
    xhr.send(body);
  });
}

export function useUploadFile() {
  return useMutation({ mutationFn: uploadFile });
}
