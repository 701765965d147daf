/** Vite's `?worker` import: a constructor of a worker built as its own file from this origin. */
declare module "*?worker" {
  const WorkerConstructor: new () => Worker;
  export default WorkerConstructor;
}
