import { spawn } from 'node:child_process';

/** How a finished process ended and what it printed. */
export interface ProcessRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a TypeScript entry point of the repository (`script`, from the repository root) in a Node
 * process of its own with only the environment given (plus PATH), so the caller's DATABASE_URL and
 * such cannot leak in; answers once it has exited.
 */
export function runTsProcess(script: string, args: readonly string[], env: Record<string, string>): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', '@oxc-node/core/register', script, ...args], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
