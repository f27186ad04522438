"""The observation pipeline in numpy is OpenCV's cvtColor + INTER_AREA resize, bit for bit."""

import cv2
import numpy as np
import pytest

from crossy_desktop.game.core import FreewayGame
from crossy_desktop.rl.observation import preprocess, resize_area, to_gray


@pytest.mark.slow
def test_numpy_preprocessing_equals_opencv_on_a_whole_game_of_frames():
    game = FreewayGame()
    game.reset(3)
    rng = np.random.default_rng(3)
    frames = 0
    while not game.game_over:
        frame = game.step_frame(int(rng.integers(0, 3))).frame
        if game.frame_index % 4:  # every decision's frame, as the pipeline sees them
            continue
        gray = cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY)
        expected = cv2.resize(gray, (84, 84), interpolation=cv2.INTER_AREA)
        assert np.array_equal(to_gray(frame), gray)
        assert np.array_equal(preprocess(frame), expected), f"frame {game.frame_index}"
        frames += 1
    assert frames == 2048


def test_area_resize_equals_opencv_on_random_images():
    rng = np.random.default_rng(0)
    for _ in range(50):
        image = rng.integers(0, 256, (210, 160), dtype=np.uint8)
        assert np.array_equal(resize_area(image, 84), cv2.resize(image, (84, 84), interpolation=cv2.INTER_AREA))
