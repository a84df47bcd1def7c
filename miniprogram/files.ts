// A local file (from wx.chooseMedia or chooseAvatar) into the user's album: its type from its name,
// its size from the file system, then the client's signed upload straight to COS.
import type { ImageType } from 'weapp-scf-client';
import { api } from './api';

const TYPES: Record<string, ImageType> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
};

export function imageType(path: string): ImageType {
  return TYPES[(/\.(\w+)$/.exec(path)?.[1] ?? '').toLowerCase()] ?? 'image/jpeg';
}

export function fileSize(filePath: string): Promise<number> {
  return new Promise((resolve, reject) =>
    wx.getFileSystemManager().getFileInfo({
      filePath,
      success: (res) => resolve(res.size),
      fail: (err) => reject(new Error(err.errMsg)),
    }),
  );
}

/** Uploads the file to the album; resolves to its album key. */
export async function uploadToAlbum(filePath: string): Promise<string> {
  return api.uploadImage(filePath, imageType(filePath), await fileSize(filePath));
}
