/** A progress bar on stderr for long loads (only used when stderr is a terminal). */
export interface Progress {
  update(done: number, total: number): void;
  done(): void;
}

export function createProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const width = 30;
  let last = -1;
  const draw = (done: number) => {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    if (pct === last) return;
    last = pct;
    const filled = Math.round((pct / 100) * width);
    stream.write(`\r${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`);
  };
  draw(0);
  return {
    update: (done) => draw(done),
    done: () => stream.write('\r\u001b[2K'),
  };
}
