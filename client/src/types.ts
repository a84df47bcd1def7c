// What the routes of the contract answer with: the one shared definition in contract/, under the
// names this client has always exported.
export type {
  AccountExport,
  AlbumImage,
  Comment,
  Drawing,
  DrawingAction,
  DrawingSummary,
  ImageType,
  ListQuery,
  LoginResult as LoginData,
  MaskedPhone,
  OwnPhone,
  Page,
  PostedComment,
  StsCredentials,
  UploadGrant,
  UserView as User,
  Video,
} from '../../contract/wire.js';
