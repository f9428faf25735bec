import { invalidArgument } from "../errors/normserve-error.js";
import { parseIdx } from "./idx-file.js";
import { createImageDataset, type ImageDataset } from "./image-dataset.js";
import { readFileBytes } from "./read-file-bytes.js";
import { uint8ToUnit } from "./uint8-to-unit.js";

/**
 * Reads an MNIST-style pair: an idx3 ubyte image file (N×H×W, becomes N×1×H×W scaled by 1/255) and
 * an idx1 ubyte label file, each gzipped or not (detected by magic bytes).
 */
export async function readIdxDataset(
  imagesPath: string,
  labelsPath: string,
  classes?: number,
): Promise<ImageDataset> {
  const [imageBytes, labelBytes] = await Promise.all([readFileBytes(imagesPath), readFileBytes(labelsPath)]);
  const images = parseIdx(imageBytes, imagesPath, 3);
  const labels = parseIdx(labelBytes, labelsPath, 1);
  const [n, h, w] = images.dims;
  if (labels.dims[0] !== n) {
    throw invalidArgument(
      `${imagesPath} has ${n} images but ${labelsPath} has ${labels.dims[0]} labels; expected equal counts`,
    );
  }
  return createImageDataset(
    `${imagesPath} + ${labelsPath}`,
    uint8ToUnit(images.data),
    Int32Array.from(labels.data),
    [n, 1, h, w],
    classes,
  );
}
