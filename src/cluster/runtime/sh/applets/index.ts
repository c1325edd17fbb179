/** Every applet by name, as busybox links them into /bin. */
import type { Applet } from '../interp';
import { FILE_APPLETS } from './files';
import { LOGIC_APPLETS } from './logic';
import { NET_APPLETS } from './net';
import { SYSTEM_APPLETS } from './system';
import { TEXT_APPLETS } from './text';

export const APPLETS: Record<string, Applet> = {
  ...TEXT_APPLETS,
  ...LOGIC_APPLETS,
  ...SYSTEM_APPLETS,
  ...FILE_APPLETS,
  ...NET_APPLETS,
};
