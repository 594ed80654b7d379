import { useId, useState } from "react";
import { toApiError } from "../common/api-errors";
import { loyaltyEndpoints } from "../../contract/endpoints/loyalty";
import { REWARD_IMAGE_MAX_BYTES } from "../../domain/loyalty/reward-image";
import { useAuth } from "../auth-context";
import type { MessageKey } from "../i18n";
import { useLocale } from "../locale-context";

const ACCEPT = "image/jpeg,image/png,image/webp";
const ERROR_KEYS: Partial<Record<string, MessageKey>> = {
  unsupported_media_type: "rewardForm.image.type",
  payload_too_large: "rewardForm.image.tooLarge",
  image_unreadable: "rewardForm.image.unreadable",
};
const MAX_MB = Math.round(REWARD_IMAGE_MAX_BYTES / (1024 * 1024));

type Props = {
  /** The uploaded image's id and where to draw it from; "" for none. */
  imageId: string;
  preview: string;
  /** The typed address (the other way to give an image), drawn when there is no upload. */
  imageUrl: string;
  disabled: boolean;
  onUploaded: (image: { id: string; url: string } | null) => void;
  onBusy: (busy: boolean) => void;
};

/**
 * The reward's image as a file: sent to the server, which checks, resizes and keeps it; the
 * preview shows what the Mini App will draw. Too large a file is refused here already, saying
 * the limit; the server decides the type from the file's bytes.
 */
export function RewardImageField({ imageId, preview, imageUrl, disabled, onUploaded, onBusy }: Props) {
  const { api } = useAuth();
  const { t } = useLocale();
  const id = useId();
  const [error, setError] = useState<MessageKey | null>(null);
  const [uploading, setUploading] = useState(false);
  const shown = imageId ? preview : imageUrl;

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    if (file.size > REWARD_IMAGE_MAX_BYTES) {
      setError("rewardForm.image.tooLarge");
      return;
    }
    setUploading(true);
    onBusy(true);
    try {
      const image = await api.upload(loyaltyEndpoints.uploadRewardImage, file);
      onUploaded({ id: image.id, url: image.url });
    } catch (failure) {
      const code = toApiError(failure).code;
      setError(ERROR_KEYS[code] ?? "rewardForm.image.failed");
    } finally {
      setUploading(false);
      onBusy(false);
    }
  };

  return (
    <div className={`field reward-image-field${error ? " field-invalid" : ""}`}>
      <span className="field-label">{t("rewardForm.image")}</span>
      <div className="reward-image-row">
        {shown ? (
          <img className="reward-thumb" src={shown} alt={t("rewardForm.image.preview")} />
        ) : (
          <span className="reward-thumb reward-thumb-empty" />
        )}
        <label className="button button-secondary">
          <input
            type="file"
            className="sr-only"
            accept={ACCEPT}
            disabled={disabled || uploading}
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
            onChange={(e) => {
              void choose(e.target.files?.[0]);
              e.target.value = "";
            }}
          />
          {t(uploading ? "rewardForm.image.uploading" : "rewardForm.image.upload")}
        </label>
        {imageId && (
          <button type="button" className="button button-ghost" disabled={disabled || uploading} onClick={() => onUploaded(null)}>
            {t("rewardForm.image.remove")}
          </button>
        )}
      </div>
      <p id={`${id}-hint`} className="field-hint">
        {t("rewardForm.image.hint", { max: MAX_MB })}
      </p>
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {t(error, { max: MAX_MB })}
        </p>
      )}
    </div>
  );
}
