import { useEffect, useRef, type MutableRefObject, type ReactNode } from "react";
import { Modal } from "zmp-ui";

type Props = {
  visible: boolean;
  onClose: () => void;
  /** Called once the closing animation has finished: the moment to forget the content. */
  afterClose?: () => void;
  /** id of the heading inside `children` that names the dialog. */
  labelledBy: string;
  /** While busy the mask does not close the dialog (a tap outside must not lose a redemption). */
  busy?: boolean;
  children: ReactNode;
};

/**
 * zmp-ui's Modal with our own content and buttons. Its built-in title is a plain div that
 * aria-labelledby never points at, so the dialog would have no accessible name; we point it at
 * the heading we render instead.
 */
export function Dialog({ visible, onClose, afterClose, labelledBy, busy, children }: Props) {
  const wrapper = useRef<HTMLDivElement>(null);
  // The dialog element stays mounted (hidden while closed), so it is there on our first effect.
  useEffect(() => {
    wrapper.current?.querySelector('[role="dialog"]')?.setAttribute("aria-labelledby", labelledBy);
  }, [labelledBy]);
  return (
    <Modal
      ref={wrapper as MutableRefObject<HTMLDivElement>}
      visible={visible}
      onClose={onClose}
      afterClose={afterClose}
      maskClosable={!busy}
      modalClassName="dialog"
    >
      {children}
    </Modal>
  );
}
