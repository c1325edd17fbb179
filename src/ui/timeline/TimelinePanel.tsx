/** The timeline: the cluster's events in plain words, with the component that made each change. */
export function TimelinePanel() {
  return <div className="timeline-panel" data-testid="timeline" />;
}
