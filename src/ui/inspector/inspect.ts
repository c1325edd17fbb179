/** Selects an object and shows the inspector (from the tables, the timeline or the terminal). */
import type { ObjectRef } from '../../worker/protocol';
import { useSelectionStore } from '../stores/selectionStore';
import { useWorkspaceStore } from '../stores/workspaceStore';

export function inspect(ref: ObjectRef): void {
  useSelectionStore.getState().select(ref);
  useWorkspaceStore.getState().setSideTab('inspector');
}
