"""Starts the installed Java kernel N times in a row and runs one cell each time; counts start-ups that hang.

    make notebooks-kernel-check [STARTS=40]

A start-up hangs when the kernel does not answer kernel_info within TIMEOUT seconds (rapaio-jupyter-kernel 3.0.1
unpatched: about one start in three; see LoopThread.java beside this file). Exits 1 if any start hung or a cell
failed.
"""
import sys
import time

from jupyter_client.manager import start_new_kernel


def main(starts: int, timeout: float) -> int:
    hangs = failures = 0
    for i in range(starts):
        t0 = time.time()
        try:
            km, kc = start_new_kernel(kernel_name="tubelet-java", startup_timeout=timeout)
        except RuntimeError as e:
            hangs += 1
            print(f"start {i + 1}: hung ({e})", flush=True)
            continue
        try:
            reply = kc.execute_interactive("int answer = 6 * 7; answer", timeout=timeout)
            ok = reply["content"]["status"] == "ok"
            failures += 0 if ok else 1
            print(f"start {i + 1}: {'ok' if ok else 'cell failed'} in {time.time() - t0:.1f} s", flush=True)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    print(f"{starts} start-ups: {hangs} hung, {failures} cells failed")
    return 1 if hangs or failures else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10, float(sys.argv[2]) if len(sys.argv) > 2 else 30))
