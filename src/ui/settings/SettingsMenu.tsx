/** Cluster settings (nodes, sizes, reset) and the theme. */
export function SettingsMenu() {
  return null;
}
